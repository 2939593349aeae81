ALTER TABLE `organisations` ADD `version` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Whoever changes a row (the portal, the command line, a hand-run statement), its version moves in the same transaction.
CREATE TRIGGER `organisations_version` AFTER UPDATE ON `organisations` WHEN NEW.`version` = OLD.`version` BEGIN
  UPDATE `organisations` SET `version` = OLD.`version` + 1 WHERE `id` = NEW.`id`;
END;

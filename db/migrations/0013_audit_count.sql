CREATE TABLE `audit_count` (
	`id` integer PRIMARY KEY NOT NULL,
	`entries` integer NOT NULL
);
--> statement-breakpoint
-- Counted once from the rows, then kept by the triggers below in the transaction of each change.
INSERT INTO `audit_count` (`id`, `entries`) SELECT 1, count(*) FROM `events`;--> statement-breakpoint
CREATE TRIGGER `events_count_insert` AFTER INSERT ON `events` BEGIN
  UPDATE `audit_count` SET `entries` = `entries` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `events_count_delete` AFTER DELETE ON `events` BEGIN
  UPDATE `audit_count` SET `entries` = `entries` - 1 WHERE `id` = 1;
END;

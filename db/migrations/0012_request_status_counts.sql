CREATE TABLE `request_status_counts` (
	`org_id` integer NOT NULL,
	`status` text NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`org_id`, `status`)
);
--> statement-breakpoint
-- Counted once from the rows, then kept by the triggers below in the transaction of each change.
INSERT INTO `request_status_counts` (`org_id`, `status`, `n`) SELECT `org_id`, `status`, count(*) FROM `requests` GROUP BY `org_id`, `status`;--> statement-breakpoint
CREATE TRIGGER `requests_status_counts_insert` AFTER INSERT ON `requests` BEGIN
  INSERT INTO `request_status_counts` (`org_id`, `status`, `n`) VALUES (NEW.`org_id`, NEW.`status`, 1)
    ON CONFLICT (`org_id`, `status`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `requests_status_counts_update` AFTER UPDATE OF `org_id`, `status` ON `requests`
  WHEN OLD.`org_id` IS NOT NEW.`org_id` OR OLD.`status` IS NOT NEW.`status` BEGIN
  UPDATE `request_status_counts` SET `n` = `n` - 1 WHERE `org_id` = OLD.`org_id` AND `status` = OLD.`status`;
  INSERT INTO `request_status_counts` (`org_id`, `status`, `n`) VALUES (NEW.`org_id`, NEW.`status`, 1)
    ON CONFLICT (`org_id`, `status`) DO UPDATE SET `n` = `n` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `requests_status_counts_delete` AFTER DELETE ON `requests` BEGIN
  UPDATE `request_status_counts` SET `n` = `n` - 1 WHERE `org_id` = OLD.`org_id` AND `status` = OLD.`status`;
END;

-- The dashboard's cached months (dashboard_months) are dropped whenever a
-- request received in them changes in a way its figures read, whoever writes
-- it: the dashboard computes a dropped month again from the rows.
CREATE TRIGGER `requests_dashboard_months_insert` AFTER INSERT ON `requests` BEGIN
  DELETE FROM `dashboard_months` WHERE `org_id` = NEW.`org_id` AND `start_at` <= NEW.`received_at` AND `end_at` > NEW.`received_at`;
END;--> statement-breakpoint
CREATE TRIGGER `requests_dashboard_months_update` AFTER UPDATE OF `org_id`, `status`, `type`, `outcome`, `closed`, `received_at`, `closed_at`, `due_at`, `purged_at` ON `requests` BEGIN
  DELETE FROM `dashboard_months` WHERE `org_id` = OLD.`org_id` AND `start_at` <= OLD.`received_at` AND `end_at` > OLD.`received_at`;
  DELETE FROM `dashboard_months` WHERE `org_id` = NEW.`org_id` AND `start_at` <= NEW.`received_at` AND `end_at` > NEW.`received_at`;
END;--> statement-breakpoint
CREATE TRIGGER `requests_dashboard_months_delete` AFTER DELETE ON `requests` BEGIN
  DELETE FROM `dashboard_months` WHERE `org_id` = OLD.`org_id` AND `start_at` <= OLD.`received_at` AND `end_at` > OLD.`received_at`;
END;

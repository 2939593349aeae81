CREATE TABLE `audit_checkpoints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`entries` integer NOT NULL,
	`hash` text NOT NULL,
	`seal` text NOT NULL,
	`full` integer NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `dashboard_months` (
	`org_id` integer NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`figures` text NOT NULL,
	PRIMARY KEY(`org_id`, `start_at`)
);
--> statement-breakpoint
DROP INDEX `requests_org_received_at_idx`;--> statement-breakpoint
DROP INDEX `requests_due_idx`;--> statement-breakpoint
DROP INDEX `requests_org_assignee_idx`;--> statement-breakpoint
CREATE INDEX `requests_org_status_received_idx` ON `requests` (`org_id`,`status`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_org_status_activity_idx` ON `requests` (`org_id`,`status`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_period_idx` ON `requests` (`org_id`,`received_at`,`status`,`type`,`closed`,`closed_at`,`due_at`,`purged_at`) WHERE purged_at is null;--> statement-breakpoint
CREATE INDEX `requests_due_idx` ON `requests` (`org_id`,`closed`,`due_at`,`id`,`status`,`assignee_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `requests_org_assignee_idx` ON `requests` (`org_id`,`assignee_id`,`closed`,`due_at`,`id`,`status`);--> statement-breakpoint
CREATE INDEX `answer_documents_org_idx` ON `answer_documents` (`org_id`,`answer_id`,`request_id`);--> statement-breakpoint
CREATE INDEX `collected_data_org_idx` ON `collected_data` (`org_id`,`request_id`);
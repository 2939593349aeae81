-- A request registered by an officer may come from someone without an email
-- address, with a postal address instead. The two new columns are added before
-- the table is rebuilt to make the address columns nullable, so the rebuild can
-- copy them (drizzle-kit would select them from the old table).
ALTER TABLE `requests` ADD `subject_address` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `registered_by_id` integer REFERENCES users(id);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`reference` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`outcome` text,
	`closed` integer DEFAULT false NOT NULL,
	`channel` text DEFAULT 'web' NOT NULL,
	`language` text NOT NULL,
	`on_behalf_of_org_id` integer,
	`routing` text,
	`client_key` text,
	`group_id` text,
	`forwarded_from_request_id` integer,
	`details` text NOT NULL,
	`subject_name` text NOT NULL,
	`subject_email` text,
	`subject_phone` text,
	`subject_address` text,
	`subject_identifiers` text NOT NULL,
	`email_hash` text,
	`phone_hash` text,
	`registered_by_id` integer,
	`filed_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`email_verified_at` integer,
	`identity_verified_at` integer,
	`identity_method` text,
	`identity_overridden_at` integer,
	`due_at` integer NOT NULL,
	`sla_due_at` integer NOT NULL,
	`extension_months` integer DEFAULT 0 NOT NULL,
	`paused_at` integer,
	`pause_reason` text,
	`paused_days` integer DEFAULT 0 NOT NULL,
	`assignee_id` integer,
	`last_activity_at` integer NOT NULL,
	`closed_at` integer,
	`draft_key` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`on_behalf_of_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`registered_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_requests`("id", "org_id", "reference", "type", "status", "outcome", "closed", "channel", "language", "on_behalf_of_org_id", "routing", "client_key", "group_id", "forwarded_from_request_id", "details", "subject_name", "subject_email", "subject_phone", "subject_address", "subject_identifiers", "email_hash", "phone_hash", "registered_by_id", "filed_at", "received_at", "email_verified_at", "identity_verified_at", "identity_method", "identity_overridden_at", "due_at", "sla_due_at", "extension_months", "paused_at", "pause_reason", "paused_days", "assignee_id", "last_activity_at", "closed_at", "draft_key", "created_at", "updated_at") SELECT "id", "org_id", "reference", "type", "status", "outcome", "closed", "channel", "language", "on_behalf_of_org_id", "routing", "client_key", "group_id", "forwarded_from_request_id", "details", "subject_name", "subject_email", "subject_phone", "subject_address", "subject_identifiers", "email_hash", "phone_hash", "registered_by_id", "filed_at", "received_at", "email_verified_at", "identity_verified_at", "identity_method", "identity_overridden_at", "due_at", "sla_due_at", "extension_months", "paused_at", "pause_reason", "paused_days", "assignee_id", "last_activity_at", "closed_at", "draft_key", "created_at", "updated_at" FROM `requests`;--> statement-breakpoint
DROP TABLE `requests`;--> statement-breakpoint
ALTER TABLE `__new_requests` RENAME TO `requests`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `requests_reference_unique` ON `requests` (`reference`);--> statement-breakpoint
CREATE INDEX `requests_due_idx` ON `requests` (`org_id`,`closed`,`due_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_received_idx` ON `requests` (`org_id`,`closed`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_activity_idx` ON `requests` (`org_id`,`closed`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_org_status_idx` ON `requests` (`org_id`,`status`,`due_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_org_assignee_idx` ON `requests` (`org_id`,`assignee_id`,`closed`,`due_at`);--> statement-breakpoint
CREATE INDEX `requests_org_received_at_idx` ON `requests` (`org_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `requests_org_email_idx` ON `requests` (`org_id`,`email_hash`,`closed`,`due_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_email_idx` ON `requests` (`email_hash`,`status`);--> statement-breakpoint
CREATE INDEX `requests_org_phone_idx` ON `requests` (`org_id`,`phone_hash`,`closed`);--> statement-breakpoint
CREATE INDEX `requests_org_routing_idx` ON `requests` (`org_id`,`routing`,`closed`,`due_at`);--> statement-breakpoint
CREATE INDEX `requests_group_idx` ON `requests` (`group_id`);--> statement-breakpoint
CREATE INDEX `requests_forwarded_from_idx` ON `requests` (`forwarded_from_request_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `requests_draft_idx` ON `requests` (`draft_key`);
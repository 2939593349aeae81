CREATE TABLE `assistance_tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`forwarding_id` integer NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`done_at` integer,
	`done_by` integer,
	`result` text,
	`escalated_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`forwarding_id`) REFERENCES `forwardings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assistance_tasks_org_idx` ON `assistance_tasks` (`org_id`,`done_at`,`due_at`);--> statement-breakpoint
CREATE INDEX `assistance_tasks_request_idx` ON `assistance_tasks` (`request_id`);--> statement-breakpoint
CREATE TABLE `controller_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`forwarding_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	`code_hash` text,
	`code_expires_at` integer,
	`code_attempts` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`forwarding_id`) REFERENCES `forwardings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `controller_links_token_hash_unique` ON `controller_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `controller_links_forwarding_idx` ON `controller_links` (`forwarding_id`);--> statement-breakpoint
CREATE TABLE `forwardings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`client_key` text NOT NULL,
	`controller_org_id` integer,
	`controller_request_id` integer,
	`recipient` text NOT NULL,
	`recipient_hash` text NOT NULL,
	`outbox_id` integer,
	`message_id` text,
	`sent_sha256` text,
	`bounce_token_hash` text,
	`forwarded_at` integer NOT NULL,
	`sent_at` integer,
	`undelivered_at` integer,
	`opened_at` integer,
	`acknowledged_at` integer,
	`answered_at` integer,
	`direct_answer_on` text,
	`returned_at` integer,
	`reminders` integer DEFAULT 0 NOT NULL,
	`escalated_at` integer,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`controller_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`controller_request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `forwardings_request_idx` ON `forwardings` (`request_id`,`active`);--> statement-breakpoint
CREATE INDEX `forwardings_org_idx` ON `forwardings` (`org_id`,`active`,`acknowledged_at`);--> statement-breakpoint
CREATE INDEX `forwardings_controller_request_idx` ON `forwardings` (`controller_request_id`);--> statement-breakpoint
CREATE INDEX `forwardings_outbox_idx` ON `forwardings` (`outbox_id`);--> statement-breakpoint
CREATE INDEX `forwardings_bounce_idx` ON `forwardings` (`bounce_token_hash`);--> statement-breakpoint
ALTER TABLE `requests` ADD `forwarded_from_request_id` integer;--> statement-breakpoint
CREATE INDEX `requests_forwarded_from_idx` ON `requests` (`forwarded_from_request_id`);--> statement-breakpoint
ALTER TABLE `sessions` ADD `link_id` integer;
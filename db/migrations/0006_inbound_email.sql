CREATE TABLE `inbound_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`inbound_id` integer NOT NULL,
	`org_id` integer NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`content` blob NOT NULL,
	FOREIGN KEY (`inbound_id`) REFERENCES `inbound_emails`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inbound_attachments_inbound_idx` ON `inbound_attachments` (`inbound_id`);--> statement-breakpoint
CREATE TABLE `inbound_emails` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`status` text NOT NULL,
	`received_at` integer NOT NULL,
	`from_address` text NOT NULL,
	`from_name` text,
	`from_hash` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`raw` blob NOT NULL,
	`request_id` integer,
	`triaged_by` integer,
	`triaged_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`triaged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `inbound_emails_org_idx` ON `inbound_emails` (`org_id`,`status`,`received_at`);--> statement-breakpoint
CREATE INDEX `inbound_emails_request_idx` ON `inbound_emails` (`request_id`);--> statement-breakpoint
CREATE TABLE `reply_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reply_tokens_hash_idx` ON `reply_tokens` (`token_hash`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `undelivered_at` integer;--> statement-breakpoint
CREATE INDEX `outbox_message_id_idx` ON `outbox` (`message_id`);
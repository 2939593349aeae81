CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`country` text NOT NULL,
	`time_zone` text NOT NULL,
	`kind` text NOT NULL,
	`privacy_email` text NOT NULL,
	`sla_days` integer DEFAULT 30 NOT NULL,
	`pause_clock_on_info_request` integer DEFAULT false NOT NULL,
	`profile` text NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_slug_unique` ON `organisations` (`slug`);--> statement-breakpoint
CREATE TABLE `processor_clients` (
	`processor_id` integer NOT NULL,
	`controller_id` integer NOT NULL,
	PRIMARY KEY(`processor_id`, `controller_id`),
	FOREIGN KEY (`processor_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`controller_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`org_id` integer,
	`request_id` integer,
	`actor_kind` text NOT NULL,
	`actor_user_id` integer,
	`kind` text NOT NULL,
	`visible_to_subject` integer DEFAULT false NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`actor_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_request_idx` ON `events` (`request_id`,`id`);--> statement-breakpoint
CREATE INDEX `events_org_idx` ON `events` (`org_id`,`at`);--> statement-breakpoint
CREATE TABLE `request_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` integer NOT NULL,
	`data` text NOT NULL,
	`expires_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`reference` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`closed` integer DEFAULT false NOT NULL,
	`channel` text DEFAULT 'web' NOT NULL,
	`language` text NOT NULL,
	`on_behalf_of_org_id` integer,
	`details` text NOT NULL,
	`subject_name` text NOT NULL,
	`subject_email` text NOT NULL,
	`subject_phone` text,
	`subject_identifiers` text NOT NULL,
	`received_at` integer NOT NULL,
	`email_verified_at` integer,
	`identity_verified_at` integer,
	`identity_method` text,
	`due_at` integer NOT NULL,
	`sla_due_at` integer NOT NULL,
	`queue_due_at` integer NOT NULL,
	`extension_months` integer DEFAULT 0 NOT NULL,
	`paused_at` integer,
	`assignee_id` integer,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`on_behalf_of_org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `requests_reference_unique` ON `requests` (`reference`);--> statement-breakpoint
CREATE INDEX `requests_queue_idx` ON `requests` (`org_id`,`closed`,`queue_due_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_org_status_idx` ON `requests` (`org_id`,`status`,`queue_due_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_org_assignee_idx` ON `requests` (`org_id`,`assignee_id`,`closed`,`queue_due_at`);--> statement-breakpoint
CREATE INDEX `requests_org_received_idx` ON `requests` (`org_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `requests_org_email_idx` ON `requests` (`org_id`,`subject_email`);--> statement-breakpoint
CREATE INDEX `requests_email_idx` ON `requests` (`subject_email`,`status`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer,
	`request_id` integer,
	`second_factor_at` integer,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purpose` text NOT NULL,
	`token_hash` text NOT NULL,
	`request_id` integer,
	`user_id` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_token_hash_unique` ON `tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `tokens_request_idx` ON `tokens` (`request_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer,
	`role` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`password_hash` text,
	`totp_secret` text,
	`totp_confirmed_at` integer,
	`created_at` integer NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE INDEX `users_org_idx` ON `users` (`org_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` integer NOT NULL,
	`to_address` text NOT NULL,
	`language` text NOT NULL,
	`template` text NOT NULL,
	`subject` text NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	`message_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`locked_until` integer,
	`last_error` text,
	`sent_at` integer,
	`org_id` integer,
	`request_id` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_request_idx` ON `outbox` (`request_id`);
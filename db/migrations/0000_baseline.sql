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
	`data` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_request_idx` ON `events` (`request_id`,`id`);--> statement-breakpoint
CREATE INDEX `events_org_idx` ON `events` (`org_id`,`at`);--> statement-breakpoint
CREATE INDEX `events_org_kind_idx` ON `events` (`org_id`,`kind`,`at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`author_kind` text NOT NULL,
	`author_user_id` integer,
	`audience` text NOT NULL,
	`purpose` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `messages_request_idx` ON `messages` (`request_id`,`id`);--> statement-breakpoint
CREATE TABLE `request_drafts` (
	`id` text PRIMARY KEY NOT NULL,
	`org_id` integer NOT NULL,
	`data` text NOT NULL,
	`expires_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `request_drafts_expiry_idx` ON `request_drafts` (`expires_at`);--> statement-breakpoint
CREATE TABLE `request_terms` (
	`org_id` integer NOT NULL,
	`term_hash` text NOT NULL,
	`request_id` integer NOT NULL,
	PRIMARY KEY(`org_id`, `term_hash`, `request_id`),
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `request_terms_request_idx` ON `request_terms` (`request_id`);--> statement-breakpoint
CREATE TABLE `requests` (
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
	`details` text NOT NULL,
	`subject_name` text NOT NULL,
	`subject_email` text NOT NULL,
	`subject_phone` text,
	`subject_identifiers` text NOT NULL,
	`email_hash` text NOT NULL,
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
	FOREIGN KEY (`assignee_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `requests_reference_unique` ON `requests` (`reference`);--> statement-breakpoint
CREATE INDEX `requests_due_idx` ON `requests` (`org_id`,`closed`,`due_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_received_idx` ON `requests` (`org_id`,`closed`,`received_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_activity_idx` ON `requests` (`org_id`,`closed`,`last_activity_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_org_status_idx` ON `requests` (`org_id`,`status`,`due_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_org_assignee_idx` ON `requests` (`org_id`,`assignee_id`,`closed`,`due_at`);--> statement-breakpoint
CREATE INDEX `requests_org_received_at_idx` ON `requests` (`org_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `requests_org_email_idx` ON `requests` (`org_id`,`email_hash`,`closed`,`due_at`,`id`);--> statement-breakpoint
CREATE INDEX `requests_email_idx` ON `requests` (`email_hash`,`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `requests_draft_idx` ON `requests` (`draft_key`);--> statement-breakpoint
CREATE TABLE `notification_preferences` (
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`delivery` text NOT NULL,
	`days` integer,
	PRIMARY KEY(`user_id`, `kind`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`window_ms` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_limits_window_idx` ON `rate_limits` (`window_start`);--> statement-breakpoint
CREATE TABLE `reply_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`title` text NOT NULL,
	`bodies` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reply_templates_org_idx` ON `reply_templates` (`org_id`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer,
	`request_id` integer,
	`second_factor_at` integer,
	`downloads_until` integer,
	`created_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expiry_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
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
CREATE INDEX `tokens_user_idx` ON `tokens` (`user_id`,`purpose`);--> statement-breakpoint
CREATE INDEX `tokens_expiry_idx` ON `tokens` (`expires_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer,
	`role` text NOT NULL,
	`email_hash` text NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`password_hash` text,
	`totp_secret` text,
	`totp_confirmed_at` integer,
	`totp_last_step` integer,
	`created_at` integer NOT NULL,
	`removed_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_hash_unique` ON `users` (`email_hash`);--> statement-breakpoint
CREATE INDEX `users_org_idx` ON `users` (`org_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_at` integer NOT NULL,
	`recipient` text,
	`recipient_hash` text NOT NULL,
	`language` text NOT NULL,
	`template` text NOT NULL,
	`params` text,
	`links` text NOT NULL,
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
CREATE INDEX `outbox_request_idx` ON `outbox` (`request_id`);--> statement-breakpoint
CREATE INDEX `outbox_recipient_idx` ON `outbox` (`recipient_hash`,`created_at`);--> statement-breakpoint
CREATE TABLE `answer_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`answer_id` integer NOT NULL,
	`kind` text NOT NULL,
	`filename` text NOT NULL,
	`content_type` text NOT NULL,
	`content` blob NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`answer_id`) REFERENCES `answers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `answer_documents_answer_idx` ON `answer_documents` (`answer_id`);--> statement-breakpoint
CREATE TABLE `answers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`grounds` text NOT NULL,
	`reason_message_id` integer,
	`decisions` text NOT NULL,
	`notified_recipients` text NOT NULL,
	`sent_at` integer,
	`download_until` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reason_message_id`) REFERENCES `messages`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answers_request_idx` ON `answers` (`request_id`);--> statement-breakpoint
CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`label` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` integer,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `api_keys_org_idx` ON `api_keys` (`org_id`);--> statement-breakpoint
CREATE TABLE `collected_data` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`category` text NOT NULL,
	`source` text NOT NULL,
	`rows` text NOT NULL,
	`row_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `collected_data_request_idx` ON `collected_data` (`request_id`);--> statement-breakpoint
CREATE TABLE `suppressions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`channel` text NOT NULL,
	`value_hash` text NOT NULL,
	`request_id` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suppressions_value_idx` ON `suppressions` (`org_id`,`channel`,`value_hash`);
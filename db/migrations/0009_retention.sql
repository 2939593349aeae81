CREATE TABLE `request_figures` (
	`org_id` integer NOT NULL,
	`month` text NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`outcome` text DEFAULT '' NOT NULL,
	`tenths` integer DEFAULT -1 NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	`on_time` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`org_id`, `month`, `type`, `status`, `outcome`, `tenths`)
);
--> statement-breakpoint
CREATE TABLE `answer_manifests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`request_id` integer NOT NULL,
	`outcome` text NOT NULL,
	`documents` text NOT NULL,
	`categories` text NOT NULL,
	`sent_at` integer NOT NULL,
	`sent_by_kind` text NOT NULL,
	`sent_by_user_id` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`request_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `answer_manifests_request_idx` ON `answer_manifests` (`request_id`);--> statement-breakpoint
ALTER TABLE `requests` ADD `collected_kept_at` integer;--> statement-breakpoint
ALTER TABLE `requests` ADD `purged_at` integer;--> statement-breakpoint
ALTER TABLE `requests` ADD `answered_on_time` integer;--> statement-breakpoint
CREATE INDEX `requests_purge_closed_idx` ON `requests` (`org_id`,`purged_at`,`closed_at`);--> statement-breakpoint
CREATE INDEX `requests_purge_unconfirmed_idx` ON `requests` (`org_id`,`status`,`purged_at`,`filed_at`);--> statement-breakpoint
CREATE INDEX `outbox_org_sent_idx` ON `outbox` (`org_id`,`status`,`created_at`);
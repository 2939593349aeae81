CREATE TABLE `request_merges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`org_id` integer NOT NULL,
	`survivor_id` integer NOT NULL,
	`absorbed_id` integer NOT NULL,
	`before` text NOT NULL,
	`moved_message_ids` text NOT NULL,
	`merged_at` integer NOT NULL,
	`merged_by_id` integer,
	`undone_at` integer,
	`undone_by_id` integer,
	FOREIGN KEY (`org_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`survivor_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`absorbed_id`) REFERENCES `requests`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`merged_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`undone_by_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `request_merges_survivor_idx` ON `request_merges` (`survivor_id`,`undone_at`);--> statement-breakpoint
CREATE INDEX `request_merges_absorbed_idx` ON `request_merges` (`absorbed_id`,`undone_at`);--> statement-breakpoint
ALTER TABLE `requests` ADD `phone_hash` text;--> statement-breakpoint
CREATE INDEX `requests_org_phone_idx` ON `requests` (`org_id`,`phone_hash`,`closed`);
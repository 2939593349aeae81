ALTER TABLE `requests` ADD `subject_address` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `registered_by_id` integer REFERENCES users(id);
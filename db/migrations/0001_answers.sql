ALTER TABLE `answers` ADD `reasons` text;--> statement-breakpoint
ALTER TABLE `collected_data` ADD `accepted_at` integer;
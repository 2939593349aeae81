ALTER TABLE `requests` ADD `routing` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `client_key` text;--> statement-breakpoint
ALTER TABLE `requests` ADD `group_id` text;--> statement-breakpoint
CREATE INDEX `requests_org_routing_idx` ON `requests` (`org_id`,`routing`,`closed`,`due_at`);--> statement-breakpoint
CREATE INDEX `requests_group_idx` ON `requests` (`group_id`);
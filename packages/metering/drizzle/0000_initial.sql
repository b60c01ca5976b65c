CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`prefix` text NOT NULL,
	`hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `api_keys_prefix_idx` ON `api_keys` (`prefix`);--> statement-breakpoint
CREATE INDEX `api_keys_user_idx` ON `api_keys` (`user_id`);--> statement-breakpoint
CREATE TABLE `benchmark_results` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` text NOT NULL,
	`model` text NOT NULL,
	`prompt_kind` text NOT NULL,
	`iteration` integer NOT NULL,
	`time_to_first_token_ms` real,
	`total_ms` real NOT NULL,
	`output_tokens` integer NOT NULL,
	`tokens_per_second` real,
	`success` integer NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `benchmark_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `benchmark_results_run_idx` ON `benchmark_results` (`run_id`);--> statement-breakpoint
CREATE TABLE `benchmark_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`models` text NOT NULL,
	`iterations` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer,
	`error` text
);
--> statement-breakpoint
CREATE TABLE `daily_usage` (
	`user_id` text NOT NULL,
	`day` text NOT NULL,
	`requests` integer DEFAULT 0 NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`total_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `day`)
);
--> statement-breakpoint
CREATE TABLE `requests` (
	`id` text PRIMARY KEY NOT NULL,
	`started_at` integer NOT NULL,
	`user_id` text,
	`session_id` text,
	`claude_model` text NOT NULL,
	`routed_model` text NOT NULL,
	`provider` text NOT NULL,
	`endpoint` text NOT NULL,
	`route` text,
	`streamed` integer NOT NULL,
	`status` integer NOT NULL,
	`error_type` text,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cache_read_tokens` integer DEFAULT 0 NOT NULL,
	`cache_write_tokens` integer DEFAULT 0 NOT NULL,
	`thinking_tokens` integer DEFAULT 0 NOT NULL,
	`time_to_first_token_ms` real,
	`total_ms` real NOT NULL,
	`parse_ms` real DEFAULT 0 NOT NULL,
	`route_ms` real DEFAULT 0 NOT NULL,
	`upstream_wait_ms` real DEFAULT 0 NOT NULL,
	`stream_ms` real DEFAULT 0 NOT NULL,
	`cost_usd` real
);
--> statement-breakpoint
CREATE INDEX `requests_started_at_idx` ON `requests` (`started_at`);--> statement-breakpoint
CREATE INDEX `requests_user_started_at_idx` ON `requests` (`user_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`username` text NOT NULL,
	`email` text,
	`created_at` integer NOT NULL,
	`disabled_at` integer,
	`quota_requests` integer,
	`quota_tokens` integer,
	`quota_cost` real
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_idx` ON `users` (`username`);
-- Baseline: the schema of a PostgreSQL database that ran the migrations in baseline.ids.
-- pg_dump --schema-only --no-owner --no-privileges --no-comments -T lakou_schema_migrations,
-- without its comments, SET lines and psql commands. Replace it only at a release.

CREATE TABLE public.lakou_access_tokens (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    "user" uuid,
    token_hash character varying(64) DEFAULT ''::character varying NOT NULL,
    kind character varying(10) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    expires_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_activity (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    kind character varying(60) DEFAULT ''::character varying NOT NULL,
    work_id uuid DEFAULT gen_random_uuid() NOT NULL,
    creator_id uuid DEFAULT gen_random_uuid() NOT NULL,
    owner_id uuid DEFAULT gen_random_uuid() NOT NULL,
    actor_id uuid DEFAULT gen_random_uuid() NOT NULL,
    title character varying(300) DEFAULT ''::character varying NOT NULL,
    occurred_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_cart_items (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    buyer_id uuid DEFAULT gen_random_uuid() NOT NULL,
    offer_id uuid DEFAULT gen_random_uuid() NOT NULL,
    offered_cents integer,
    added_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_creators (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    owner_id uuid DEFAULT gen_random_uuid() NOT NULL,
    kind character varying(20) DEFAULT ''::character varying NOT NULL,
    name character varying(200) DEFAULT ''::character varying NOT NULL,
    bios json DEFAULT '{}'::json NOT NULL,
    commune character varying(100) DEFAULT NULL::character varying,
    disciplines json DEFAULT '{}'::json NOT NULL,
    links json DEFAULT '{}'::json NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_discount_codes (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    code character varying(40) DEFAULT ''::character varying NOT NULL,
    kind character varying(10) DEFAULT ''::character varying NOT NULL,
    value integer DEFAULT 0 NOT NULL,
    issuer_id uuid DEFAULT gen_random_uuid() NOT NULL,
    seller_id uuid,
    max_uses integer,
    used integer DEFAULT 0 NOT NULL,
    expires_at timestamp with time zone,
    stackable boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_downloads (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    order_id uuid DEFAULT gen_random_uuid() NOT NULL,
    work_id uuid DEFAULT gen_random_uuid() NOT NULL,
    buyer_id uuid DEFAULT gen_random_uuid() NOT NULL,
    role character varying(40) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_entitlements (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    work_id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id uuid,
    source character varying(40) DEFAULT ''::character varying NOT NULL,
    granted_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    revoked_at timestamp with time zone
);

CREATE TABLE public.lakou_handled_events (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    consumer character varying(100) DEFAULT ''::character varying NOT NULL,
    event_id uuid DEFAULT gen_random_uuid() NOT NULL,
    handled_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_import_rows (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    import_id uuid,
    row_number integer DEFAULT 0 NOT NULL,
    status character varying(20) DEFAULT ''::character varying NOT NULL,
    error_code character varying(60) DEFAULT NULL::character varying,
    error_message character varying(500) DEFAULT NULL::character varying,
    title character varying(300) DEFAULT NULL::character varying,
    file_name character varying(200) DEFAULT NULL::character varying,
    size_bytes bigint,
    work_id uuid,
    asset_id uuid
);

CREATE TABLE public.lakou_imports (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    creator_id uuid DEFAULT gen_random_uuid() NOT NULL,
    owner_id uuid DEFAULT gen_random_uuid() NOT NULL,
    started_by uuid DEFAULT gen_random_uuid() NOT NULL,
    format character varying(10) DEFAULT ''::character varying NOT NULL,
    idempotency_key character varying(100) DEFAULT NULL::character varying,
    manifest_sha256 character varying(64) DEFAULT ''::character varying NOT NULL,
    row_count integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_media_assets (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    work_id uuid DEFAULT gen_random_uuid() NOT NULL,
    owner_id uuid DEFAULT gen_random_uuid() NOT NULL,
    kind character varying(20) DEFAULT ''::character varying NOT NULL,
    role character varying(20) DEFAULT ''::character varying NOT NULL,
    language character varying(20) DEFAULT NULL::character varying,
    original_name character varying(200) DEFAULT ''::character varying NOT NULL,
    original_key character varying(300) DEFAULT ''::character varying NOT NULL,
    declared_size bigint DEFAULT 0 NOT NULL,
    part_size integer DEFAULT 0 NOT NULL,
    status character varying(20) DEFAULT ''::character varying NOT NULL,
    multipart_id character varying(300) DEFAULT NULL::character varying,
    size_bytes bigint,
    sha256 character varying(64) DEFAULT NULL::character varying,
    content_type character varying(100) DEFAULT NULL::character varying,
    progress integer DEFAULT 0 NOT NULL,
    facts json DEFAULT '{}'::json NOT NULL,
    renditions_prefix character varying(300) DEFAULT NULL::character varying,
    manifest json DEFAULT '{}'::json NOT NULL,
    error_code character varying(60) DEFAULT NULL::character varying,
    error_message character varying(500) DEFAULT NULL::character varying,
    preview_start_s double precision DEFAULT 0.0 NOT NULL,
    preview_length_s double precision DEFAULT 30.0 NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    expires_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_offer_works (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    offer_id uuid DEFAULT gen_random_uuid() NOT NULL,
    work_id uuid DEFAULT gen_random_uuid() NOT NULL
);

CREATE TABLE public.lakou_offers (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    seller_id uuid DEFAULT gen_random_uuid() NOT NULL,
    kind character varying(10) DEFAULT ''::character varying NOT NULL,
    work_id uuid,
    work_ids json DEFAULT '{}'::json NOT NULL,
    work_weights json DEFAULT '{}'::json NOT NULL,
    pricing character varying(20) DEFAULT ''::character varying NOT NULL,
    price_cents integer DEFAULT 0 NOT NULL,
    minimum_cents integer DEFAULT 0 NOT NULL,
    title character varying(200) DEFAULT ''::character varying NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_orders (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    buyer_id uuid DEFAULT gen_random_uuid() NOT NULL,
    buyer_country character varying(2) DEFAULT ''::character varying NOT NULL,
    status character varying(20) DEFAULT ''::character varying NOT NULL,
    lines json DEFAULT '{}'::json NOT NULL,
    total_cents integer DEFAULT 0 NOT NULL,
    currency character varying(3) DEFAULT ''::character varying NOT NULL,
    checkout_key character varying(100) DEFAULT ''::character varying NOT NULL,
    gateway character varying(20) DEFAULT NULL::character varying,
    payment_id character varying(100) DEFAULT NULL::character varying,
    payment_fee_cents integer DEFAULT 0 NOT NULL,
    refunded_cents integer DEFAULT 0 NOT NULL,
    discount_code_ids json DEFAULT '{}'::json NOT NULL,
    review_reason character varying(60) DEFAULT NULL::character varying,
    failure_reason character varying(200) DEFAULT NULL::character varying,
    vat_table_version character varying(40) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    paid_at timestamp with time zone
);

CREATE TABLE public.lakou_outbox (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    event_type character varying(100) DEFAULT ''::character varying NOT NULL,
    aggregate_id uuid DEFAULT gen_random_uuid() NOT NULL,
    payload json DEFAULT '{}'::json NOT NULL,
    occurred_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    sent_at timestamp with time zone,
    attempts integer DEFAULT 0 NOT NULL
);

CREATE TABLE public.lakou_payment_checkpoints (
    gateway character varying(20) DEFAULT ''::character varying NOT NULL,
    last_created bigint DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_payment_events (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    gateway character varying(20) DEFAULT ''::character varying NOT NULL,
    event_id character varying(100) DEFAULT ''::character varying NOT NULL,
    kind character varying(30) DEFAULT ''::character varying NOT NULL,
    provider_type character varying(60) DEFAULT ''::character varying NOT NULL,
    payment_id character varying(100) DEFAULT NULL::character varying,
    created bigint DEFAULT 0 NOT NULL,
    received_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_payout_runs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    requested_by uuid,
    requested_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    min_payout_cents bigint DEFAULT 0 NOT NULL,
    status character varying(20) DEFAULT ''::character varying NOT NULL,
    completed_at timestamp with time zone
);

CREATE TABLE public.lakou_payouts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    run_id uuid DEFAULT gen_random_uuid() NOT NULL,
    holder_id uuid DEFAULT gen_random_uuid() NOT NULL,
    destination_account character varying(80) DEFAULT ''::character varying NOT NULL,
    amount_cents bigint DEFAULT 0 NOT NULL,
    currency character varying(3) DEFAULT ''::character varying NOT NULL,
    status character varying(20) DEFAULT ''::character varying NOT NULL,
    transfer_id character varying(100) DEFAULT NULL::character varying,
    failure character varying(200) DEFAULT NULL::character varying,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    sent_at timestamp with time zone
);

CREATE TABLE public.lakou_revenue_entries (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    order_id character varying(64) DEFAULT ''::character varying NOT NULL,
    line_id character varying(64) DEFAULT ''::character varying NOT NULL,
    kind character varying(30) DEFAULT ''::character varying NOT NULL,
    amount_cents bigint DEFAULT 0 NOT NULL,
    work_id uuid,
    holder_id uuid,
    sheet_version integer,
    refund_id character varying(100) DEFAULT NULL::character varying,
    reverses_id uuid,
    occurred_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    payout_id uuid,
    transfer_id character varying(100) DEFAULT NULL::character varying
);

CREATE TABLE public.lakou_revenue_sales (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    order_id character varying(64) DEFAULT ''::character varying NOT NULL,
    line_id character varying(64) DEFAULT ''::character varying NOT NULL,
    work_id uuid DEFAULT gen_random_uuid() NOT NULL,
    owner_id uuid DEFAULT gen_random_uuid() NOT NULL,
    gross_cents bigint DEFAULT 0 NOT NULL,
    paid_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_rights_holders (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    owner_id uuid DEFAULT gen_random_uuid() NOT NULL,
    name character varying(200) DEFAULT ''::character varying NOT NULL,
    user_id uuid,
    payout_account character varying(80) DEFAULT NULL::character varying,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_split_sheets (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    work_id uuid DEFAULT gen_random_uuid() NOT NULL,
    version integer DEFAULT 0 NOT NULL,
    holders json DEFAULT '{}'::json NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    created_by uuid
);

CREATE TABLE public.lakou_test_payments (
    id character varying(60) DEFAULT ''::character varying NOT NULL,
    order_id uuid DEFAULT gen_random_uuid() NOT NULL,
    idempotency_key character varying(100) DEFAULT ''::character varying NOT NULL,
    amount_cents integer DEFAULT 0 NOT NULL,
    currency character varying(3) DEFAULT ''::character varying NOT NULL,
    status character varying(20) DEFAULT ''::character varying NOT NULL,
    failure_code character varying(40) DEFAULT NULL::character varying,
    refunded_cents integer DEFAULT 0 NOT NULL,
    client_secret character varying(80) DEFAULT ''::character varying NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_users (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    email character varying(254) DEFAULT ''::character varying NOT NULL,
    password_hash character varying(255) DEFAULT ''::character varying NOT NULL,
    display_name character varying(120) DEFAULT ''::character varying NOT NULL,
    role character varying(20) DEFAULT ''::character varying NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL
);

CREATE TABLE public.lakou_works (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    creator uuid,
    owner_id uuid DEFAULT gen_random_uuid() NOT NULL,
    titles json DEFAULT '{}'::json NOT NULL,
    descriptions json DEFAULT '{}'::json NOT NULL,
    discipline character varying(40) DEFAULT ''::character varying NOT NULL,
    languages json DEFAULT '{}'::json NOT NULL,
    year integer,
    duration_s integer,
    credits json DEFAULT '{}'::json NOT NULL,
    identifiers json DEFAULT '{}'::json NOT NULL,
    visibility character varying(20) DEFAULT ''::character varying NOT NULL,
    status character varying(20) DEFAULT ''::character varying NOT NULL,
    cover_key character varying(200) DEFAULT NULL::character varying,
    moderation_hold boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    published_at timestamp with time zone,
    media_event_at timestamp with time zone
);

ALTER TABLE ONLY public.lakou_access_tokens
    ADD CONSTRAINT lakou_access_tokens_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_access_tokens
    ADD CONSTRAINT lakou_access_tokens_token_hash_key UNIQUE (token_hash);

ALTER TABLE ONLY public.lakou_activity
    ADD CONSTRAINT lakou_activity_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_cart_items
    ADD CONSTRAINT lakou_cart_items_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_creators
    ADD CONSTRAINT lakou_creators_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_discount_codes
    ADD CONSTRAINT lakou_discount_codes_code_key UNIQUE (code);

ALTER TABLE ONLY public.lakou_discount_codes
    ADD CONSTRAINT lakou_discount_codes_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_downloads
    ADD CONSTRAINT lakou_downloads_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_entitlements
    ADD CONSTRAINT lakou_entitlements_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_handled_events
    ADD CONSTRAINT lakou_handled_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_import_rows
    ADD CONSTRAINT lakou_import_rows_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_imports
    ADD CONSTRAINT lakou_imports_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_media_assets
    ADD CONSTRAINT lakou_media_assets_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_offer_works
    ADD CONSTRAINT lakou_offer_works_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_offers
    ADD CONSTRAINT lakou_offers_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_orders
    ADD CONSTRAINT lakou_orders_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_outbox
    ADD CONSTRAINT lakou_outbox_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_payment_checkpoints
    ADD CONSTRAINT lakou_payment_checkpoints_pkey PRIMARY KEY (gateway);

ALTER TABLE ONLY public.lakou_payment_events
    ADD CONSTRAINT lakou_payment_events_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_payout_runs
    ADD CONSTRAINT lakou_payout_runs_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_payouts
    ADD CONSTRAINT lakou_payouts_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_revenue_entries
    ADD CONSTRAINT lakou_revenue_entries_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_revenue_sales
    ADD CONSTRAINT lakou_revenue_sales_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_rights_holders
    ADD CONSTRAINT lakou_rights_holders_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_split_sheets
    ADD CONSTRAINT lakou_split_sheets_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_test_payments
    ADD CONSTRAINT lakou_test_payments_idempotency_key_key UNIQUE (idempotency_key);

ALTER TABLE ONLY public.lakou_test_payments
    ADD CONSTRAINT lakou_test_payments_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_users
    ADD CONSTRAINT lakou_users_email_key UNIQUE (email);

ALTER TABLE ONLY public.lakou_users
    ADD CONSTRAINT lakou_users_pkey PRIMARY KEY (id);

ALTER TABLE ONLY public.lakou_works
    ADD CONSTRAINT lakou_works_pkey PRIMARY KEY (id);

CREATE INDEX lakou_activity_owner_id ON public.lakou_activity USING btree (owner_id);

CREATE INDEX lakou_activity_work_id ON public.lakou_activity USING btree (work_id);

CREATE INDEX lakou_cart_items_buyer_id ON public.lakou_cart_items USING btree (buyer_id);

CREATE UNIQUE INDEX lakou_cart_items_once ON public.lakou_cart_items USING btree (buyer_id, offer_id);

CREATE INDEX lakou_creators_owner_id ON public.lakou_creators USING btree (owner_id);

CREATE INDEX lakou_discount_codes_issuer_id ON public.lakou_discount_codes USING btree (issuer_id);

CREATE INDEX lakou_downloads_order_id ON public.lakou_downloads USING btree (order_id);

CREATE UNIQUE INDEX lakou_entitlements_source_once ON public.lakou_entitlements USING btree (work_id, source);

CREATE INDEX lakou_entitlements_user_id ON public.lakou_entitlements USING btree (user_id);

CREATE INDEX lakou_entitlements_work_id ON public.lakou_entitlements USING btree (work_id);

CREATE UNIQUE INDEX lakou_handled_events_once ON public.lakou_handled_events USING btree (consumer, event_id);

CREATE INDEX lakou_import_rows_import_id ON public.lakou_import_rows USING btree (import_id);

CREATE INDEX lakou_imports_creator_id ON public.lakou_imports USING btree (creator_id);

CREATE INDEX lakou_imports_owner_id ON public.lakou_imports USING btree (owner_id);

CREATE UNIQUE INDEX lakou_imports_started_by_key ON public.lakou_imports USING btree (started_by, idempotency_key);

CREATE INDEX lakou_media_assets_owner_id ON public.lakou_media_assets USING btree (owner_id);

CREATE INDEX lakou_media_assets_status ON public.lakou_media_assets USING btree (status);

CREATE INDEX lakou_media_assets_work_id ON public.lakou_media_assets USING btree (work_id);

CREATE INDEX lakou_offer_works_offer_id ON public.lakou_offer_works USING btree (offer_id);

CREATE INDEX lakou_offer_works_work_id ON public.lakou_offer_works USING btree (work_id);

CREATE UNIQUE INDEX lakou_offers_one_active_per_work ON public.lakou_offers USING btree (work_id) WHERE (active AND (work_id IS NOT NULL));

CREATE INDEX lakou_offers_seller_id ON public.lakou_offers USING btree (seller_id);

CREATE INDEX lakou_offers_work_id ON public.lakou_offers USING btree (work_id);

CREATE INDEX lakou_orders_buyer_id ON public.lakou_orders USING btree (buyer_id);

CREATE UNIQUE INDEX lakou_orders_checkout_once ON public.lakou_orders USING btree (buyer_id, checkout_key);

CREATE UNIQUE INDEX lakou_orders_payment_once ON public.lakou_orders USING btree (payment_id) WHERE (payment_id IS NOT NULL);

CREATE INDEX lakou_orders_status ON public.lakou_orders USING btree (status);

CREATE INDEX lakou_outbox_sent_at ON public.lakou_outbox USING btree (sent_at);

CREATE UNIQUE INDEX lakou_payment_events_once ON public.lakou_payment_events USING btree (gateway, event_id);

CREATE INDEX lakou_payouts_holder_id ON public.lakou_payouts USING btree (holder_id);

CREATE UNIQUE INDEX lakou_payouts_run_holder ON public.lakou_payouts USING btree (run_id, holder_id);

CREATE INDEX lakou_payouts_run_id ON public.lakou_payouts USING btree (run_id);

CREATE INDEX lakou_revenue_entries_holder_id ON public.lakou_revenue_entries USING btree (holder_id);

CREATE INDEX lakou_revenue_entries_order_id ON public.lakou_revenue_entries USING btree (order_id);

CREATE INDEX lakou_revenue_entries_payout_id ON public.lakou_revenue_entries USING btree (payout_id);

CREATE INDEX lakou_revenue_entries_work_id ON public.lakou_revenue_entries USING btree (work_id);

CREATE INDEX lakou_revenue_sales_order_id ON public.lakou_revenue_sales USING btree (order_id);

CREATE INDEX lakou_revenue_sales_owner_id ON public.lakou_revenue_sales USING btree (owner_id);

CREATE INDEX lakou_revenue_sales_work_id ON public.lakou_revenue_sales USING btree (work_id);

CREATE INDEX lakou_rights_holders_owner_id ON public.lakou_rights_holders USING btree (owner_id);

CREATE INDEX lakou_rights_holders_user_id ON public.lakou_rights_holders USING btree (user_id);

CREATE UNIQUE INDEX lakou_split_sheets_version ON public.lakou_split_sheets USING btree (work_id, version);

CREATE INDEX lakou_split_sheets_work_id ON public.lakou_split_sheets USING btree (work_id);

CREATE INDEX lakou_test_payments_order_id ON public.lakou_test_payments USING btree (order_id);

CREATE INDEX lakou_works_creator ON public.lakou_works USING btree (creator);

CREATE INDEX lakou_works_discipline ON public.lakou_works USING btree (discipline);

CREATE INDEX lakou_works_owner_id ON public.lakou_works USING btree (owner_id);

CREATE INDEX lakou_works_status ON public.lakou_works USING btree (status);

ALTER TABLE ONLY public.lakou_access_tokens
    ADD CONSTRAINT lakou_access_tokens_user_fkey FOREIGN KEY ("user") REFERENCES public.lakou_users(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY public.lakou_import_rows
    ADD CONSTRAINT lakou_import_rows_import_id_fkey FOREIGN KEY (import_id) REFERENCES public.lakou_imports(id) ON UPDATE CASCADE ON DELETE CASCADE;

ALTER TABLE ONLY public.lakou_works
    ADD CONSTRAINT lakou_works_creator_fkey FOREIGN KEY (creator) REFERENCES public.lakou_creators(id) ON UPDATE CASCADE ON DELETE RESTRICT;

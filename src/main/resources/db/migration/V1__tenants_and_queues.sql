-- One schema for H2, PostgreSQL and SQL Server, so the DDL keeps to what all three accept:
--  * times are BIGINT milliseconds since the epoch, UTC (SQL Server's TIMESTAMP is a row version,
--    and the three disagree on zoned types); booleans are SMALLINT 0/1;
--  * ${text} is VARCHAR, or NVARCHAR on SQL Server, so names in any script survive there;
--  * deletion_mark is 0 while a row is live and the row's id once it is soft-deleted: unique
--    indexes on (name, deletion_mark) free a deleted name for reuse without partial indexes,
--    which H2 lacks.

CREATE TABLE applications (
  id BIGINT NOT NULL,
  name ${text}(200) NOT NULL,
  description ${text}(2000),
  callback_url ${text}(2000),
  allowed_origins ${text}(4000),
  max_release_rate_per_minute INTEGER,
  secret_key_hash CHAR(64) NOT NULL,
  publishable_key_hash CHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT,
  deletion_mark BIGINT DEFAULT 0 NOT NULL,
  CONSTRAINT pk_applications PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ux_applications_name ON applications (name, deletion_mark);
CREATE UNIQUE INDEX ux_applications_secret_key ON applications (secret_key_hash);
CREATE UNIQUE INDEX ux_applications_publishable_key ON applications (publishable_key_hash);
CREATE INDEX ix_applications_created ON applications (created_at, id);

CREATE TABLE admins (
  id BIGINT NOT NULL,
  email ${text}(254) NOT NULL,
  password_hash VARCHAR(200) NOT NULL,
  role VARCHAR(20) NOT NULL,
  created_at BIGINT NOT NULL,
  deleted_at BIGINT,
  deletion_mark BIGINT DEFAULT 0 NOT NULL,
  CONSTRAINT pk_admins PRIMARY KEY (id),
  CONSTRAINT ck_admins_role CHECK (role IN ('SUPER_ADMIN', 'APP_ADMIN'))
);
CREATE UNIQUE INDEX ux_admins_email ON admins (email, deletion_mark);

CREATE TABLE admin_applications (
  admin_id BIGINT NOT NULL,
  application_id BIGINT NOT NULL,
  CONSTRAINT pk_admin_applications PRIMARY KEY (admin_id, application_id),
  CONSTRAINT fk_admin_applications_admin FOREIGN KEY (admin_id) REFERENCES admins (id),
  CONSTRAINT fk_admin_applications_application
    FOREIGN KEY (application_id) REFERENCES applications (id)
);
CREATE INDEX ix_admin_applications_application ON admin_applications (application_id);

CREATE TABLE queues (
  id BIGINT NOT NULL,
  application_id BIGINT NOT NULL,
  name ${text}(200) NOT NULL,
  release_rate_per_minute INTEGER NOT NULL,
  max_active_users INTEGER,
  priority SMALLINT NOT NULL,
  access_ttl_seconds INTEGER NOT NULL,
  idle_timeout_seconds INTEGER NOT NULL,
  callback_url ${text}(2000),
  redirect_url ${text}(2000),
  opens_at BIGINT,
  closes_at BIGINT,
  queue_method VARCHAR(16) NOT NULL,
  max_size INTEGER,
  simulation SMALLINT DEFAULT 0 NOT NULL,
  paused SMALLINT DEFAULT 0 NOT NULL,
  shuffle_seed BIGINT,
  shuffled_through BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  deleted_at BIGINT,
  deletion_mark BIGINT DEFAULT 0 NOT NULL,
  CONSTRAINT pk_queues PRIMARY KEY (id),
  CONSTRAINT fk_queues_application FOREIGN KEY (application_id) REFERENCES applications (id),
  CONSTRAINT ck_queues_method
    CHECK (queue_method IN ('fifo', 'random', 'passthrough', 'reject')),
  CONSTRAINT ck_queues_priority CHECK (priority BETWEEN 0 AND 10)
);
CREATE UNIQUE INDEX ux_queues_name ON queues (application_id, name, deletion_mark);
CREATE INDEX ix_queues_created ON queues (created_at, id);

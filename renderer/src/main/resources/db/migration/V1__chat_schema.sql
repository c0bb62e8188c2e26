-- The chat data model of SPEC §2. Outside tools write these tables directly; every committed change
-- reaches open pages through logical decoding of the WAL, never through application hooks.

CREATE TABLE app_user (
    id            bigserial PRIMARY KEY,
    username      text NOT NULL UNIQUE,
    display_name  text NOT NULL,
    password_hash text NOT NULL
);

CREATE TABLE chat_room (
    id         bigserial PRIMARY KEY,
    title      text NOT NULL,
    owner_id   bigint NOT NULL REFERENCES app_user (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- Row version, bumped by trigger on every update: pages never show an older title than one they showed.
    version    bigint NOT NULL DEFAULT 1
);

CREATE TABLE chat_room_member (
    room_id   bigint NOT NULL REFERENCES chat_room (id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX chat_room_member_by_user ON chat_room_member (user_id);

CREATE TABLE chat_room_join_request (
    id         bigserial PRIMARY KEY,
    room_id    bigint NOT NULL REFERENCES chat_room (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    status     text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'admitted', 'denied')),
    created_at timestamptz NOT NULL DEFAULT now(),
    decided_at timestamptz,
    version    bigint NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX chat_room_join_request_one_pending ON chat_room_join_request (room_id, user_id) WHERE status = 'pending';
CREATE INDEX chat_room_join_request_by_user ON chat_room_join_request (user_id, status);

CREATE TABLE chat_message (
    id         bigserial PRIMARY KEY,
    room_id    bigint NOT NULL REFERENCES chat_room (id) ON DELETE CASCADE,
    author_id  bigint NOT NULL REFERENCES app_user (id),
    body       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_message_by_room ON chat_message (room_id, id);

CREATE FUNCTION nostale_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END
$$;
CREATE TRIGGER chat_room_version BEFORE UPDATE ON chat_room
    FOR EACH ROW EXECUTE FUNCTION nostale_bump_version();
CREATE TRIGGER chat_room_join_request_version BEFORE UPDATE ON chat_room_join_request
    FOR EACH ROW EXECUTE FUNCTION nostale_bump_version();

-- Written by the relay's Debezium heartbeat so that positions (and the replication slot) advance on
-- quiet streams; its changes match no page.
CREATE TABLE nostale_heartbeat (
    id      int PRIMARY KEY,
    beat_at timestamptz NOT NULL
);

-- Deletes must carry the whole old row (which user, which room) so the gateway can route them.
ALTER TABLE chat_room REPLICA IDENTITY FULL;
ALTER TABLE chat_room_member REPLICA IDENTITY FULL;
ALTER TABLE chat_room_join_request REPLICA IDENTITY FULL;
ALTER TABLE chat_message REPLICA IDENTITY FULL;

-- app_user is deliberately absent: password hashes never leave the database.
CREATE PUBLICATION nostale FOR TABLE chat_room, chat_room_member, chat_room_join_request, chat_message, nostale_heartbeat;

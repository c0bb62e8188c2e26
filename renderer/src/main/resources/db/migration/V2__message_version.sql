-- Messages get a row version like chat_room: outside tools may edit a message body, and a page must never show an
-- older body than one it showed, also when a message reaches it twice (live change and "load older" fetch).
ALTER TABLE chat_message ADD COLUMN version bigint NOT NULL DEFAULT 1;
CREATE TRIGGER chat_message_version BEFORE UPDATE ON chat_message
    FOR EACH ROW EXECUTE FUNCTION nostale_bump_version();

-- GET /api/users/{id} asks "did this user write in a room the viewer is a member of?" ...
CREATE INDEX chat_message_by_author ON chat_message (author_id, room_id);
-- ... and "does this user own a room?" (owners are public: /rooms names them).
CREATE INDEX chat_room_by_owner ON chat_room (owner_id);

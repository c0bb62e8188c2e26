-- Demo data, applied only with the Spring profile "demo". Every user's password is "demo"
-- (BCrypt, cost 10). Rows refer to each other by username and title; on an empty database the ids come out
-- in the listed order (alice 1, bob 2, carol 3; Book club 1 ... Retro games 5; requests 1 ... 6).

INSERT INTO app_user (username, display_name, password_hash) VALUES
    ('alice', 'Alice Archer', '$2a$10$WT5Jyi.Nhr7dc57fkxCzGexp/s3tG3RqE0UyKekVy3C6X81m/cmLy'),
    ('bob',   'Bob Baker',    '$2a$10$WT5Jyi.Nhr7dc57fkxCzGexp/s3tG3RqE0UyKekVy3C6X81m/cmLy'),
    ('carol', 'Carol Chen',   '$2a$10$WT5Jyi.Nhr7dc57fkxCzGexp/s3tG3RqE0UyKekVy3C6X81m/cmLy');

INSERT INTO chat_room (title, owner_id)
SELECT v.title, u.id FROM (VALUES
    (1, 'Book club',   'alice'),
    (2, 'Climbing',    'bob'),
    (3, 'Jazz nights', 'bob'),
    (4, 'Garden swap', 'carol'),
    (5, 'Retro games', 'carol')) AS v (seq, title, owner)
JOIN app_user u ON u.username = v.owner
ORDER BY v.seq;

-- Owners are members of their rooms; a few more memberships.
INSERT INTO chat_room_member (room_id, user_id)
SELECT id, owner_id FROM chat_room ORDER BY id;

INSERT INTO chat_room_member (room_id, user_id)
SELECT r.id, u.id FROM (VALUES
    ('Jazz nights', 'alice'),
    ('Book club',   'bob'),
    ('Retro games', 'bob')) AS v (title, username)
JOIN chat_room r ON r.title = v.title
JOIN app_user u ON u.username = v.username;

-- Requests: alice waits for Climbing and Garden swap, carol for Book club (alice decides),
-- bob waits for Garden swap; one request already denied and one admitted, for history.
INSERT INTO chat_room_join_request (room_id, user_id, status, decided_at)
SELECT r.id, u.id, v.status, CASE WHEN v.status = 'pending' THEN NULL ELSE now() END FROM (VALUES
    (1, 'Climbing',    'alice', 'pending'),
    (2, 'Garden swap', 'alice', 'pending'),
    (3, 'Book club',   'carol', 'pending'),
    (4, 'Garden swap', 'bob',   'pending'),
    (5, 'Climbing',    'carol', 'denied'),
    (6, 'Jazz nights', 'alice', 'admitted')) AS v (seq, title, username, status)
JOIN chat_room r ON r.title = v.title
JOIN app_user u ON u.username = v.username
ORDER BY v.seq;

INSERT INTO chat_message (room_id, author_id, body)
SELECT r.id, u.id, v.body FROM (VALUES
    (1, 'Book club',   'alice', 'Next month: "The Left Hand of Darkness". Who is in?'),
    (2, 'Book club',   'bob',   'In! Halfway through already.'),
    (3, 'Jazz nights', 'bob',   'Trio at the Blue Door on Friday, 9pm.'),
    (4, 'Jazz nights', 'alice', 'See you there.'),
    (5, 'Climbing',    'bob',   'Bouldering Tuesday evening, new routes are up.'),
    (6, 'Garden swap', 'carol', 'I have too many tomato seedlings, free to a good home.'),
    (7, 'Retro games', 'carol', 'Tournament night: Tetris, best of five.'),
    (8, 'Retro games', 'bob',   'Bringing my own controller.')) AS v (seq, title, username, body)
JOIN chat_room r ON r.title = v.title
JOIN app_user u ON u.username = v.username
ORDER BY v.seq;

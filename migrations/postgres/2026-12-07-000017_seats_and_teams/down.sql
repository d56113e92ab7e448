DROP TABLE booking_hosts;
DROP TABLE agenda_members;
DROP INDEX agendas_team_slug;
DROP INDEX agendas_host_slug;
ALTER TABLE agendas DROP COLUMN assignment;
ALTER TABLE agendas DROP COLUMN team_id;
CREATE UNIQUE INDEX agendas_host_slug ON agendas(host_id, slug) WHERE deleted_at IS NULL;
DROP TABLE team_members;
DROP TABLE teams;
DROP INDEX bookings_room;
UPDATE bookings SET room_name = room_name || '-' || substr(id, 1, 8)
WHERE id NOT IN (SELECT min(id) FROM bookings GROUP BY room_name);
ALTER TABLE bookings ADD CONSTRAINT bookings_room_name_key UNIQUE (room_name);
ALTER TABLE agendas DROP COLUMN seats;

//! Table definitions shared by both backends (see `migrations/{sqlite,postgres}`).
//! Instants are `BigInt` Unix seconds (UTC); ids are UUID text.

diesel::table! {
    hosts (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        slug -> Text,
        time_zone -> Text,
        password_hash -> Text,
        created_at -> BigInt,
        disabled_at -> Nullable<BigInt>,
        locale -> Text,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        host_id -> Text,
        created_at -> BigInt,
        expires_at -> BigInt,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Text,
        host_id -> Text,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        created_at -> BigInt,
        last_used_at -> Nullable<BigInt>,
        revoked_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    agendas (id) {
        id -> Text,
        host_id -> Text,
        slug -> Text,
        title -> Text,
        description -> Text,
        duration_minutes -> Integer,
        time_zone -> Text,
        availability -> Text,
        date_overrides -> Text,
        buffer_before_minutes -> Integer,
        buffer_after_minutes -> Integer,
        min_notice_minutes -> Integer,
        horizon_days -> Integer,
        slot_step_minutes -> Integer,
        max_bookings_per_day -> Nullable<Integer>,
        max_bookings_per_week -> Nullable<Integer>,
        max_bookings_per_month -> Nullable<Integer>,
        questions -> Text,
        requires_confirmation -> Bool,
        reminders_minutes -> Text,
        listed -> Bool,
        active -> Bool,
        created_at -> BigInt,
        updated_at -> BigInt,
        deleted_at -> Nullable<BigInt>,
        seats -> Integer,
        team_id -> Nullable<Text>,
        assignment -> Nullable<Text>,
    }
}

diesel::table! {
    bookings (id) {
        id -> Text,
        agenda_id -> Text,
        host_id -> Text,
        start_at -> BigInt,
        end_at -> BigInt,
        guest_name -> Text,
        guest_email -> Text,
        guest_time_zone -> Text,
        notes -> Text,
        status -> Text,
        room_name -> Text,
        meeting_url -> Text,
        manage_token_hash -> Text,
        sequence -> Integer,
        created_at -> BigInt,
        updated_at -> BigInt,
        cancelled_at -> Nullable<BigInt>,
        cancel_reason -> Nullable<Text>,
        answers -> Text,
        reminders_minutes -> Text,
        decide_token_hash -> Nullable<Text>,
        decided_at -> Nullable<BigInt>,
        decline_reason -> Nullable<Text>,
        cancelled_by -> Nullable<Text>,
        guest_locale -> Text,
    }
}

diesel::table! {
    invites (id) {
        id -> Text,
        agenda_id -> Text,
        host_id -> Text,
        token_hash -> Text,
        note -> Text,
        expires_at -> Nullable<BigInt>,
        created_at -> BigInt,
        revoked_at -> Nullable<BigInt>,
        booking_id -> Nullable<Text>,
        used_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    idempotency_keys (idem_key) {
        idem_key -> Text,
        request_hash -> Text,
        booking_id -> Text,
        response_body -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    outbox (id) {
        id -> Text,
        booking_id -> Text,
        channel -> Text,
        kind -> Text,
        recipient -> Text,
        payload -> Text,
        state -> Text,
        attempts -> Integer,
        next_attempt_at -> BigInt,
        lease_owner -> Nullable<Text>,
        lease_until -> Nullable<BigInt>,
        last_error -> Nullable<Text>,
        created_at -> BigInt,
        sent_at -> Nullable<BigInt>,
    }
}

diesel::table! {
    login_attempts (account, client) {
        account -> Text,
        client -> Text,
        failures -> Integer,
        last_at -> BigInt,
    }
}

diesel::joinable!(sessions -> hosts (host_id));
diesel::joinable!(api_keys -> hosts (host_id));
diesel::joinable!(agendas -> hosts (host_id));
diesel::joinable!(bookings -> agendas (agenda_id));
diesel::joinable!(outbox -> bookings (booking_id));
diesel::joinable!(invites -> agendas (agenda_id));

diesel::allow_tables_to_appear_in_same_query!(
    hosts,
    sessions,
    api_keys,
    agendas,
    bookings,
    idempotency_keys,
    outbox,
    invites
);

diesel::table! {
    attendance_events (booking_id, event_key) {
        booking_id -> Text,
        event_key -> Text,
        kind -> Text,
        side -> Text,
        session -> Text,
        at -> BigInt,
        source -> Text,
        received_at -> BigInt,
    }
}

diesel::table! {
    attendance (booking_id) {
        booking_id -> Text,
        started_at -> Nullable<BigInt>,
        ended_at -> Nullable<BigInt>,
        host_joined_at -> Nullable<BigInt>,
        host_left_at -> Nullable<BigInt>,
        host_seconds -> BigInt,
        guest_joined_at -> Nullable<BigInt>,
        guest_left_at -> Nullable<BigInt>,
        guest_seconds -> BigInt,
        no_show -> Nullable<Text>,
        no_show_decided_at -> Nullable<BigInt>,
        started_announced_at -> Nullable<BigInt>,
        ended_announced_at -> Nullable<BigInt>,
        updated_at -> BigInt,
    }
}

diesel::joinable!(attendance -> bookings (booking_id));
diesel::allow_tables_to_appear_in_same_query!(attendance, bookings);
diesel::allow_tables_to_appear_in_same_query!(attendance, agendas);
diesel::allow_tables_to_appear_in_same_query!(attendance, hosts);

diesel::table! {
    password_resets (id) {
        id -> Text,
        host_id -> Text,
        token_hash -> Text,
        created_at -> BigInt,
        expires_at -> BigInt,
        used_at -> Nullable<BigInt>,
        mail_payload -> Text,
        mail_state -> Text,
        mail_attempts -> Integer,
        mail_next_attempt_at -> BigInt,
        mail_lease_owner -> Nullable<Text>,
        mail_lease_until -> Nullable<BigInt>,
        mail_last_error -> Nullable<Text>,
        mail_sent_at -> Nullable<BigInt>,
    }
}

diesel::joinable!(password_resets -> hosts (host_id));
diesel::allow_tables_to_appear_in_same_query!(password_resets, hosts);

diesel::table! {
    teams (id) {
        id -> Text,
        name -> Text,
        slug -> Text,
        owner_id -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    team_members (team_id, host_id) {
        team_id -> Text,
        host_id -> Text,
        created_at -> BigInt,
    }
}

diesel::table! {
    agenda_members (agenda_id, host_id) {
        agenda_id -> Text,
        host_id -> Text,
    }
}

diesel::table! {
    booking_hosts (booking_id, host_id) {
        booking_id -> Text,
        host_id -> Text,
    }
}

diesel::joinable!(team_members -> teams (team_id));
diesel::joinable!(team_members -> hosts (host_id));
diesel::joinable!(agenda_members -> hosts (host_id));
diesel::joinable!(booking_hosts -> bookings (booking_id));
diesel::joinable!(booking_hosts -> hosts (host_id));
diesel::allow_tables_to_appear_in_same_query!(teams, team_members);
diesel::allow_tables_to_appear_in_same_query!(teams, hosts);
diesel::allow_tables_to_appear_in_same_query!(teams, agendas);
diesel::allow_tables_to_appear_in_same_query!(team_members, hosts);
diesel::allow_tables_to_appear_in_same_query!(team_members, agendas);
diesel::allow_tables_to_appear_in_same_query!(agenda_members, hosts);
diesel::allow_tables_to_appear_in_same_query!(agenda_members, agendas);
diesel::allow_tables_to_appear_in_same_query!(agenda_members, bookings);
diesel::allow_tables_to_appear_in_same_query!(booking_hosts, bookings);
diesel::allow_tables_to_appear_in_same_query!(booking_hosts, hosts);
diesel::allow_tables_to_appear_in_same_query!(booking_hosts, agendas);
diesel::allow_tables_to_appear_in_same_query!(booking_hosts, attendance);

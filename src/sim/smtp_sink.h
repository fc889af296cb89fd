#ifndef KLUIS_SIM_SMTP_SINK_H
#define KLUIS_SIM_SMTP_SINK_H

/* An in-process stand-in for an SMTP server (tests, `make run`, demo): it
 * accepts mail and stores each message as a .eml file in a directory.
 *
 * RFC 5321 subset: HELO/EHLO (advertises SIZE and 8BITMIME; no STARTTLS,
 * no AUTH), MAIL FROM:<...>, RCPT TO:<...> (at most SIM_SMTP_MAX_RCPT),
 * DATA (dot-unstuffing, end at "."), RSET, NOOP, VRFY (252), HELP, QUIT;
 * 250/354/221 replies, 5xx for bad sequences or syntax. Limits: lines of
 * SIM_SMTP_LINE_MAX bytes (longer command -> 500, longer data line or a
 * message over SIM_SMTP_MSG_MAX -> 552 at the end of DATA), at most
 * SIM_SMTP_MAX_CONNS connections at once, 60 s idle timeout. One thread runs
 * a poll loop over all connections.
 *
 * Storage: the received bytes, preceded by "Return-Path: <from>" and one
 * "Delivered-To: <rcpt>" line per recipient, written to a temp file and
 * linked into dir as "<32 hex of SHA-256(Message-ID)>.eml". A message whose
 * Message-ID was stored before (also by an earlier run on the same dir) is
 * acknowledged with 250 but not stored again — a receiver de-duplicating
 * resends, as mail_send's key-derived Message-ID allows. Messages without
 * a Message-ID are stored as "nomid-<unix time>-<n>.eml". File mode 0600. */

#define SIM_SMTP_LINE_MAX 2048
#define SIM_SMTP_MSG_MAX (10 * 1024 * 1024)
#define SIM_SMTP_MAX_CONNS 32
#define SIM_SMTP_MAX_RCPT 16

struct sim_smtp;

/* sim_smtp_start: listen on listen ("127.0.0.1:0", "[::1]:2525",
 * "localhost:0"; port 0 = any free port) and store into dir (created if
 * missing, 0700). On K_OK *out is the running sink and *port (may be NULL)
 * the bound port; K_EINVAL for a bad listen or dir, K_EIO if it cannot
 * listen or start its thread. */
int sim_smtp_start(const char *listen, const char *dir, int *port, struct sim_smtp **out);

/* sim_smtp_stop: close every connection, stop and join the thread, free s.
 * NULL is fine. */
void sim_smtp_stop(struct sim_smtp *s);

/* sim_smtp_fail_next: test hook: answer the next n MAIL FROM commands with
 * "451 4.3.0" (a temporarily failing server). n <= 0 clears. */
void sim_smtp_fail_next(struct sim_smtp *s, int n);

/* sim_smtp_counts: messages newly stored and duplicates skipped so far
 * (either pointer may be NULL). */
void sim_smtp_counts(struct sim_smtp *s, long *stored, long *duplicates);

#endif

/**
 * The driver's pages: each one a subscribed socket that behaves like the browser script (docs/protocol.md, "Browser
 * script"): it keeps the resume point of the last change, caught-up or heartbeat frame, resumes after a drop with
 * exponential backoff and jitter, reloads (new timepoint and token) where the protocol says so, and records every
 * change it receives for the check.
 */
package io.nostale.load.page;

//! Jitsi clients in a real browser: the inline sign-in popup and reloads.

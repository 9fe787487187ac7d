//! The unsubscribe server (RFC 8058 one-click).

//! The console's pages over HTTP (placeholder, filled below).

//! Connection handling (filled in by the connection commit).

//! Deploy configuration (in progress).

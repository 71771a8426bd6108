pub mod check;
pub mod explain;
pub mod helm;
pub mod rules;

pub mod check;
pub mod explain;
pub mod generate;
pub mod helm;
pub mod rules;

pub mod check;
pub mod deploy;
pub mod explain;
pub mod generate;
pub mod helm;
pub mod rules;

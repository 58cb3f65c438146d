//! Stage 5, robust: would the ranking survive other reasonable choices? A compiled f64 plan of
//! the index ([`plan`]) re-evaluates every unit under other weights, normalisations and
//! aggregations ([`assume`]) without allocating, fast enough for thousands of replications in
//! the REPL: Monte Carlo rank intervals ([`uncertainty`]). Reads the model, the exact results
//! and the scoring; pure (no files, no printing).

pub mod assume;
pub mod coherence;
pub mod plan;
pub mod sensitivity;
pub mod setup;
pub mod sobol;
pub mod table;
pub mod uncertainty;
pub mod variants;

pub use assume::{declared_assumptions, Assumption, Design, Kind};
pub use plan::{Agg, Norm, Plan, Setting};
pub use uncertainty::{rank_intervals, RankStats};

//! Part 2: the team's first server (EC2), database (RDS) and domain (Route 53), declared
//! under `[infra]`, planned and applied by the same engine as Part 1, removed in one step.

pub mod estimate;

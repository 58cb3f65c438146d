//! The registry of diagnostic codes. A code is never reused for another meaning; retired codes
//! stay listed. `docs/errors.md` documents each one, and a test checks that it does.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    pub id: &'static str,
    /// A few words naming the problem.
    pub title: &'static str,
}

impl Code {
    /// The code's title in the language spoken now (`locales/codes.yml`).
    pub fn text(self) -> String {
        crate::lang::text(&format!("codes.{}", self.id), &[])
    }
}

macro_rules! codes {
    ($($name:ident = $id:literal, $title:literal;)*) => {
        $(pub const $name: Code = Code { id: $id, title: $title };)*
        /// Every code, in order.
        pub const ALL: &[Code] = &[$($name),*];
    };
}

codes! {
    // syntax
    E001 = "E001", "syntax error in a spec";
    E002 = "E002", "syntax error in a query";
    E003 = "E003", "cannot read a file";
    E004 = "E004", "invalid number";
    E005 = "E005", "a bracket is never closed";
    E006 = "E006", "a string is never closed";
    E007 = "E007", "nesting too deep";
    E008 = "E008", "invalid count";
    E009 = "E009", "unknown REPL command";
    E010 = "E010", "invalid REPL command argument";
    E011 = "E011", "REPL input is not valid UTF-8";
    E012 = "E012", "no spec is loaded in the REPL";
    W001 = "W001", "fmt changes a file's encoding";
    // languages (issue 15): E020–E029
    E020 = "E020", "unknown language";
    // spec checks
    E101 = "E101", "children's weights do not sum to the parent's";
    E102 = "E102", "duplicate name";
    E103 = "E103", "unknown column";
    E104 = "E104", "unknown name";
    E105 = "E105", "missing total";
    E106 = "E106", "missing data source";
    E107 = "E107", "wrong total maximum";
    E108 = "E108", "invalid weight";
    E109 = "E109", "duplicate declaration";
    E110 = "E110", "invalid group or tier";
    // data
    E201 = "E201", "cannot decode the data file";
    E202 = "E202", "malformed CSV";
    E203 = "E203", "missing column";
    E204 = "E204", "non-numeric cell";
    E205 = "E205", "empty cell";
    E206 = "E206", "duplicate unit";
    E207 = "E207", "value out of range";
    E208 = "E208", "empty key";
    E209 = "E209", "missing value where no policy allows one";
    // spreadsheets as data (issue 12)
    E210 = "E210", "cannot read the workbook";
    E211 = "E211", "unknown sheet";
    E212 = "E212", "empty sheet";
    E213 = "E213", "a sheet named for a file that is not a workbook";
    E214 = "E214", "a cell's number is beyond exact decimals";
    // queries and reports
    E301 = "E301", "unknown report";
    E302 = "E302", "unknown unit";
    E303 = "E303", "query not applicable";
    E304 = "E304", "number too large to compute";
    E305 = "E305", "clause given twice";
    E306 = "E306", "too many histogram bands";
    // queries about the raw data (language chapter 5)
    E340 = "E340", "invalid coverage threshold";
    W301 = "W301", "list group names units absent from the data";
    // output and usage
    E701 = "E701", "cannot write to stdout";
    E702 = "E702", "cannot write an output file";
    E703 = "E703", "unknown output format";
    E704 = "E704", "invalid command line";
    // publishing: CSV for Excel, xlsx, HTML (issue 12)
    E710 = "E710", "`--excel` without `--format csv`";
    E711 = "E711", "`--format xlsx` without `--out FILE.xlsx`";
    E712 = "E712", "cannot write the workbook";
    // editions: extends, diff, fmt
    E501 = "E501", "cannot load the extended spec";
    E502 = "E502", "a change names something that does not exist";
    E503 = "E503", "a change would duplicate a name";
    E504 = "E504", "specs extend each other in a cycle";
    E505 = "E505", "a change conflicts with an earlier change";
    E506 = "E506", "a change statement in a spec that extends nothing";
    E507 = "E507", "an indicator moved under itself";
    E508 = "E508", "a file is not formatted";
    E509 = "E509", "formatting would change the meaning";
    W501 = "W501", "a missing column reads zero";
    // scoring rules
    E401 = "E401", "invalid scoring rule";
    E402 = "E402", "goalposts reversed";
    // Retired: a rubric level no unit reached is a warning now (W404); never reuse E403.
    E403 = "E403", "rubric level absent from the data (retired, see W404)";
    E404 = "E404", "value not covered by the rubric";
    E405 = "E405", "geometric mean over a zero";
    E406 = "E406", "weights do not sum to the parent's";
    E407 = "E407", "cannot fill a missing value";
    E408 = "E408", "unknown weight without an assumption";
    E409 = "E409", "hierarchy not complete";
    E410 = "E410", "invalid scale";
    E411 = "E411", "value cannot be scored";
    E412 = "E412", "scoring clause given twice";
    W401 = "W401", "weights assumed";
    W402 = "W402", "hierarchy declared but not named";
    W403 = "W403", "units left out";
    W404 = "W404", "rubric level no unit reached";
    // norm (issue 9): derived values, weights, normalisations and scales
    E440 = "E440", "invalid normalisation or mean";
    E441 = "E441", "harmonic or power mean over a zero";
    E442 = "E442", "invalid display scale or precision";
    E443 = "E443", "invalid derived value";
    E444 = "E444", "division by zero in a derived value";
    // treating raw data (language chapter 5): outliers, coverage, imputation
    E420 = "E420", "invalid outlier treatment";
    E421 = "E421", "treatment cannot transform a value";
    E422 = "E422", "invalid coverage requirement";
    E423 = "E423", "group cannot fill missing values";
    W420 = "W420", "indicator still fails the outlier test";
    W421 = "W421", "units without a score for lack of data";
    // ratio nodes and imputation marks (issue 9, second half)
    E424 = "E424", "invalid ratio";
    E425 = "E425", "ratio inside the weighted sum";
    // last known value (issue 9, `missing last`), in the data
    E426 = "E426", "the earlier table lacks a column";
    E427 = "E427", "no last known value";
    E428 = "E428", "invalid earlier value";
    W422 = "W422", "units without a ratio";
    // limits: numbers beyond exact arithmetic, inputs beyond what cix renders or walks
    E601 = "E601", "weights beyond exact arithmetic";
    E602 = "E602", "a score beyond exact arithmetic";
    E603 = "E603", "a statistic beyond exact arithmetic";
    // cix sql (issue 14): compiling a spec to SQL
    E630 = "E630", "a scoring construct cannot be compiled to SQL";
    E631 = "E631", "a query cannot be compiled to SQL";
    E632 = "E632", "a number too large for the dialect's decimal type";
    E633 = "E633", "unknown report";
    // groups of units: samples, methods by group, roll-ups (language chapter 7)
    E120 = "E120", "invalid sample";
    E121 = "E121", "unknown name in a group's methods";
    E122 = "E122", "invalid methods for a group";
    E123 = "E123", "a unit in two method groups";
    E124 = "E124", "invalid roll-up";
    E360 = "E360", "unknown level";
    W120 = "W120", "the sample's cut falls in a tie";
    W121 = "W121", "a method group has no unit in the sample";
    // ratings and dashboards: quantile groups, rating scales per group, traffic lights (chapter 7)
    E140 = "E140", "a tier name in several tiers declarations";
    E141 = "E141", "invalid quantile group";
    E142 = "E142", "invalid rating scale";
    E143 = "E143", "unknown name in a dashboard";
    E144 = "E144", "thresholds out of order";
    E145 = "E145", "invalid colour rule";
    E146 = "E146", "a quantile group's value is not a number";
    // several years and group measures (issue 10)
    E130 = "E130", "unknown year";
    E131 = "E131", "a year named twice";
    E132 = "E132", "invalid blend weights";
    E133 = "E133", "invalid years";
    E134 = "E134", "invalid measure";
    E135 = "E135", "invalid comparison of years";
    W130 = "W130", "a unit is absent from some years";
    // last known value (issue 9, `missing last`)
    E136 = "E136", "no earlier data for `missing last`";
    E137 = "E137", "an age limit without years";
    E138 = "E138", "unknown earlier data file";
    E139 = "E139", "a value that cannot be carried forward";
    // robustness: uncertainty, sensitivity, coherence (issue 11)
    E801 = "E801", "invalid number of replications";
    E802 = "E802", "invalid weight variation";
    E803 = "E803", "assumption named twice";
    E804 = "E804", "unknown kind of assumption";
    E805 = "E805", "an assumption with nothing to vary";
    E806 = "E806", "invalid weight sets";
    E807 = "E807", "unknown choice in an assumption";
    E808 = "E808", "too few choices in an assumption";
    E809 = "E809", "an assumption the robust plan cannot evaluate";
    E810 = "E810", "two assumptions vary the same choice";
    E811 = "E811", "invalid seed";
    W801 = "W801", "an assumption that changes nothing";
    // scalar queries (issue 13, audit)
    E310 = "E310", "invalid rounding in a scalar query";
    E311 = "E311", "a condition tests both units and groups";
    E312 = "E312", "scalar clause not applicable";
    E313 = "E313", "no units to compute a statistic over";
    E314 = "E314", "division by zero in a scalar query";
    E315 = "E315", "scalar arithmetic beyond exact decimals";
    E316 = "E316", "unit without a value";
    // claims and `cix audit` (issue 13)
    E901 = "E901", "syntax error in a claims file";
    E902 = "E902", "claim ID given twice";
    W901 = "W901", "claims checked without input intervals";
}

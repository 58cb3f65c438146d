//! The stages chained for a spec file on disk: read, parse, check, read data, bind, evaluate.
//! The CLI and the REPL both start here.

use std::path::{Path, PathBuf};

use crate::codes;
use crate::data::{self, Dataset};
use crate::diag::{Diag, Diags};
use crate::eval::{self, Results};
use crate::model::Model;
use crate::output::Output;
use crate::source::{Source, Spanned};
use crate::syntax::ast::Query;

mod members;
mod reports;
mod years;

pub use members::absent_members;
use reports::plan_reports;
pub use reports::{answer_reports, default_ranking, run_reports, unknown_report, Report};

/// A spec with its data, evaluated.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub spec_path: PathBuf,
    pub model: Model,
    pub dataset: Dataset,
    pub results: Results,
    /// Every unit's lowest and highest score at every node that the rounding of the data's
    /// cells allows (`cix audit`); None when the corners could not be evaluated.
    pub bounds: Option<crate::eval::bounds::Bounds>,
    /// How each leaf's raw values became points (for `explain`).
    pub scoring: crate::scoring::Scoring,
    /// Warnings found on the way (errors stop loading).
    pub warnings: Vec<Diag>,
    /// The spec's reports, planned once against the bound data, in spec order.
    pub reports: Vec<Report>,
    /// The overall ranking, for a spec without reports.
    pub overall: Report,
    /// The results of each roll-up (indexed like `model.grouping.rollups`).
    pub levels: Vec<Results>,
    /// What was kept besides the results: with [`Keep::Answers`], `dataset` has no units or
    /// rows and `scoring` no raw columns (nothing may explain a unit or score it again).
    pub kept: Keep,
    /// Lookups over `results` for queries (units by key, attribute values, groups), filled on
    /// first use: a query on a loaded index never runs the pipeline again.
    pub index: crate::query::Index,
}

impl Loaded {
    /// Let go of the inputs once nothing will explain or re-score a unit (see [`Keep::Answers`];
    /// `cix report` learns whether its page needs them from the loaded model).
    pub fn release_inputs(&mut self) {
        release_inputs(&mut self.dataset, &mut self.scoring);
        self.kept = Keep::Answers;
    }

    /// The model and results a query is over: a rolled-up level (`at 省份`) or the spec's own.
    pub fn scope_of(&self, query: &Query, source: &Source) -> Result<(&Model, &Results), Diag> {
        level_scope(&self.model, &self.results, &self.levels, query, source)
    }

    /// Check and run a query over the scope [`Loaded::scope_of`] gave: the spec's own results
    /// with their input bounds and index, or a level's or year's.
    pub fn answer(
        &self,
        model: &Model,
        results: &Results,
        query: &Spanned<Query>,
        source: &Source,
    ) -> Result<Output, Diags> {
        let own = std::ptr::eq(results, &self.results);
        let index = own.then_some(&self.index);
        let plan = crate::query::check_indexed(model, results, index, query, source)?;
        // The input bounds belong to the loaded data's own results.
        let bounds = self.bounds.as_ref().filter(|_| own);
        crate::query::run_indexed(model, &plan, results, bounds, index)
    }
}

/// The model and results of the level a query names with `at`, else the spec's own.
fn level_scope<'a>(
    model: &'a Model,
    results: &'a Results,
    levels: &'a [Results],
    query: &Query,
    source: &Source,
) -> Result<(&'a Model, &'a Results), Diag> {
    let m = crate::check::grouping::level(model, query, source)?;
    // A year or a blend (language chapter 7, "Several years").
    if let Some(r) = period_of(model, query).and_then(|p| results.period(&p)) {
        return Ok((model, r));
    }
    let at = model
        .grouping
        .rollups
        .iter()
        .position(|r| std::ptr::eq(&*r.model, m));
    Ok(match at.and_then(|i| levels.get(i)) {
        Some(r) => (m, r),
        None => (model, results),
    })
}

/// The year or blend a query names with `at`, if any.
fn period_of(model: &Model, query: &Query) -> Option<String> {
    crate::syntax::grouping::level_of(query)
        .filter(|at| model.grouping.series.periods().contains(&at.node))
        .map(|at| at.node.clone())
}

/// Read, parse and check a spec. Errors and warnings together; `Err` when any is an error.
pub fn load_spec(path: &Path) -> Result<(Model, Diags), Diags> {
    check_resolved(path).map(|(model, diags, _)| (model, diags))
}

/// Parse a spec with everything it `extends` merged in, and check it. `Err` on any error.
pub fn check_resolved(path: &Path) -> Result<(Model, Diags, crate::edition::Log), Diags> {
    let crate::edition::Resolved { spec, source, log } = crate::edition::resolve(path)?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let purpose = crate::check::Purpose::Check;
    let (checked, diags) = crate::check::check_edition(&spec, &source, &dir, purpose, &log.touched);
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok((checked.model, diags, log))
    }
}

/// Load a spec and its data (or `data_override`), and evaluate. All problems at once: a spec
/// with errors still has its data checked when the model could be built.
pub fn load(path: &Path, data_override: Option<&Path>) -> Result<Loaded, Diags> {
    load_with(path, data_override, None)
}

/// [`load`], reading the sheet `sheet_override` (`--sheet`) of a workbook. Without it, the
/// spec's file is read at the spec's `sheet "…"`, and `--data` at its first sheet.
pub fn load_with(
    path: &Path,
    data_override: Option<&Path>,
    sheet_override: Option<&str>,
) -> Result<Loaded, Diags> {
    load_staged(
        path,
        data_override,
        sheet_override,
        &|_| {},
        Bounded::Yes,
        Keep::Inputs,
    )
}

/// Whether [`load_staged`] also evaluates the data at the two corners of their rounding
/// intervals (`eval::bounds`), which scalar queries and `cix audit` report: twice the scoring
/// work and a copy of the data, so `run`, `report` and the analyses go without.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bounded {
    Yes,
    No,
}

/// What [`load_staged`] keeps of the inputs once the results exist (issue 14: at a million
/// units the dataset's units and each leaf's raw numbers are half of a run's memory).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// The dataset's units and rows and each leaf's raw numbers, for whatever reads them:
    /// `explain` and `why`, uncertainty and sensitivity, `cix check`'s summary, the REPL,
    /// `--compare`, the HTML report's rank intervals.
    Inputs,
    /// The results alone (with the model, the levels, the planned reports and the index):
    /// the units, rows and raw columns are let go as soon as the results exist and the
    /// warnings read from them are found — `cix run` and what only answers queries.
    Answers,
}

/// [`load_with`], naming each stage to `stage` as it starts (a progress line on a terminal,
/// `CIX_TIMINGS`).
pub fn load_staged(
    path: &Path,
    data_override: Option<&Path>,
    sheet_override: Option<&str>,
    stage: &dyn Fn(&str),
    bounded: Bounded,
    keep: Keep,
) -> Result<Loaded, Diags> {
    let what = t!("project.stage_checking_spec");
    stage(&what);
    let crate::edition::Resolved { spec, source, log } = crate::edition::resolve(path)?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let purpose = crate::check::Purpose::Run {
        data_given: data_override.is_some(),
    };
    let (crate::check::Checked { model, queries }, mut diags) =
        crate::check::check_edition(&spec, &source, &dir, purpose, &log.touched);
    // A spec that cannot run yet (E409) or names no data (E106) stops here.
    let data_path = match (data_override, &model.data) {
        _ if model.incomplete.is_some() => return Err(diags),
        (Some(p), _) => p.to_path_buf(),
        (None, Some(d)) => d.path.clone(),
        (None, None) => return Err(diags),
    };
    let named_at = match (data_override, &model.data) {
        (None, Some(d)) => Some((&model.source, d.written.span)),
        _ => None,
    };
    let what = t!("project.stage_reading");
    stage(&what);
    let sheet = match (sheet_override, data_override, &model.data) {
        (Some(name), _, _) => Some(data::SheetName {
            name,
            written_at: None,
        }),
        (None, None, Some(d)) => d.sheet.as_ref().map(|s| data::SheetName {
            name: &s.node,
            written_at: Some((&model.source, s.span)),
        }),
        _ => None,
    };
    let (
        eval::groups::Grouped {
            mut dataset,
            mut scoring,
            results,
            warnings: grouped,
        },
        raw,
    ) = match &model.grouping.series.years {
        None => {
            // A plain UTF-8 CSV file is read and bound a piece at a time; anything else, or a
            // file with a problem, is read whole and bound the careful way.
            let streamed = match sheet {
                None => data::read_bound(&eval::groups::binding_model(&model), &data_path),
                Some(_) => None,
            };
            let bound = match streamed {
                Some(dataset) => Ok(dataset),
                None => match data::read_data(&data_path, sheet, named_at) {
                    Ok(t) => Err(t),
                    Err(d) => {
                        diags.push(d);
                        return Err(diags);
                    }
                },
            };
            let mut carry = Carry::new(&model, &mut diags);
            // `cix run` lets go of the units once the results exist: their names move there.
            let names = match keep {
                Keep::Answers => eval::Names::Moved,
                Keep::Inputs => eval::Names::Copied,
            };
            evaluate_table(
                &model,
                bound,
                diags.clone(),
                stage,
                (bounded, names),
                &mut carry,
            )?
        }
        Some(years) => {
            let mut carry = Carry::new(&model, &mut diags);
            years::evaluate(
                &model,
                years,
                &data_path,
                sheet,
                named_at,
                diags.clone(),
                stage,
                bounded,
                &mut carry,
            )?
        }
    };
    let bounds = raw.and_then(|raw| input_bounds(&model, &raw));
    let mut warnings = diags.0;
    warnings.extend(grouped);
    warnings.extend(scoring.warnings.iter().cloned());
    if !scoring.dropped.is_empty() {
        let list = scoring
            .dropped
            .iter()
            .map(|(u, l)| t!("project.dropped_unit", unit = u, leaf = l).into_owned())
            .collect::<Vec<_>>()
            .join(", ");
        warnings.push(
            Diag::warning(
                codes::W403,
                t!("project.w403", count = scoring.dropped.len(), list = list),
            )
            .help(t!("project.w403_help")),
        );
    }
    warnings.extend(absent_members(&model, &results).0);
    warnings.extend(eval::inputs::coverage_warnings(&model, &results));
    warnings.extend(eval::ratio::warnings(&model, &results));
    warnings.extend(data::absent_columns_read_zero(&model, &dataset).0);
    if keep == Keep::Answers {
        release_inputs(&mut dataset, &mut scoring);
    }
    let what = t!("project.stage_planning");
    stage(&what);
    let levels = model
        .grouping
        .rollups
        .iter()
        .map(|r| eval::rollup::roll_up(r, &results))
        .collect::<Result<Vec<_>, Diag>>()
        .map_err(Diags::from)?;
    let index = crate::query::Index::new(
        results.units.len(),
        model.attributes.len(),
        model.groups.len(),
    );
    let (reports, overall) = plan_reports(&model, &queries, &results, &levels, &index);
    Ok(Loaded {
        index,
        reports,
        overall,
        levels,
        spec_path: path.to_path_buf(),
        model,
        dataset,
        results,
        bounds,
        scoring,
        warnings,
        kept: keep,
    })
}

/// Let go of what only explaining or re-scoring a unit reads ([`Keep::Answers`]): the
/// dataset's units (keys, attributes, categories) and rows, the cells `missing last` filled,
/// and each leaf's raw numbers. The table's name, header and encoding stay.
fn release_inputs(dataset: &mut Dataset, scoring: &mut crate::scoring::Scoring) {
    dataset.units = Vec::new();
    dataset.table.rows = Vec::new();
    dataset.carried = Default::default();
    scoring.raw = Vec::new();
}

/// Bind a table to the model (unless it came bound, `Ok`) and evaluate it; `diags` holds the
/// spec's problems so far (all are returned together when the data has more). With `bounded`,
/// also the dataset before scoring.
fn evaluate_table(
    model: &Model,
    table: Result<Dataset, data::Table>,
    mut diags: Diags,
    stage: &dyn Fn(&str),
    (bounded, names): (Bounded, eval::Names),
    carry: &mut Carry,
) -> Result<(eval::groups::Grouped, Option<Dataset>), Diags> {
    let what = t!("project.stage_checking_data");
    stage(&what);
    let bound = table.or_else(|table| data::bind(&eval::groups::binding_model(model), table));
    let mut dataset = match bound {
        Ok(ds) => ds,
        Err(more) => {
            diags.extend(more);
            return Err(diags);
        }
    };
    if diags.has_errors() {
        return Err(diags);
    }
    // `missing last` fills cells with raw earlier values, before treatment and scoring.
    if let Err(more) = carry.fill(model, &mut dataset) {
        diags.extend(more);
        return Err(diags);
    }
    // The units hold typed values now; the text cells go (a cell is found again on error).
    dataset.table.compact();
    let what = t!("project.stage_scoring");
    stage(&what);
    let raw = (bounded == Bounded::Yes).then(|| dataset.clone());
    let grouped = eval::groups::evaluate_grouped(model, dataset, names)?;
    Ok((grouped, raw))
}

/// What `missing last` (language chapter 5) fills a table's missing cells from: the earlier
/// years' observed values (gathered as each year is bound) and the second tables, read once.
pub(crate) struct Carry {
    /// The year of the table being evaluated (None without `years`).
    year: Option<u32>,
    /// The earlier years' observed values, earliest first (kept only when a leaf reads them).
    years: Vec<data::carry::Earlier>,
    files: Vec<(PathBuf, data::carry::Earlier)>,
    from_years: bool,
    any: bool,
}

impl Carry {
    /// The second tables read; their problems go into `diags` (reported with the data's).
    fn new(model: &Model, diags: &mut Diags) -> Carry {
        let any = model.nodes.iter().any(|n| n.scoring.last.is_some());
        let files = if any {
            data::carry::read_files(model).unwrap_or_else(|more| {
                diags.extend(more);
                Vec::new()
            })
        } else {
            Vec::new()
        };
        Carry {
            year: None,
            years: Vec::new(),
            files,
            from_years: data::carry::from_years(model),
            any,
        }
    }

    /// Fill the dataset's cells, then remember its year's observed values for later years.
    fn fill(&mut self, model: &Model, data: &mut Dataset) -> Result<(), Diags> {
        if !self.any {
            return Ok(());
        }
        let record = self
            .year
            .filter(|_| self.from_years)
            .map(|y| data::carry::of_year(model, data, y));
        data::carry::fill(model, data, self.year, &self.years, &self.files)?;
        self.years.extend(record);
        Ok(())
    }
}

/// The scores at the two corners of the data's rounding intervals (`eval::bounds`); None when
/// a corner cannot be scored or evaluated (a geometric mean over a cell that may be 0).
fn input_bounds(model: &Model, raw: &crate::data::Dataset) -> Option<crate::eval::bounds::Bounds> {
    let (low, high) = crate::eval::bounds::corners(model, raw);
    Some(crate::eval::bounds::Bounds {
        low: eval::groups::evaluate_grouped(model, low, eval::Names::Copied)
            .ok()?
            .results,
        high: eval::groups::evaluate_grouped(model, high, eval::Names::Copied)
            .ok()?
            .results,
    })
}

/// Parse and answer one query typed by the user.
pub fn query(l: &Loaded, text: &str) -> Result<Output, Diags> {
    let source = Source::new("query", text.to_string());
    // `uncertainty of 杭州` / `uncertainty top 10` (language chapter 8).
    if let Ok(ask) = crate::syntax::uncertainty::parse_ask(&source) {
        let i =
            crate::robust::setup::Intervals::compute(&l.model, &l.dataset, &l.results, &l.scoring)?;
        return i.answer(&l.model, &ask, &source);
    }
    let q = crate::syntax::parse_query(&source).map_err(Diags::from)?;
    let (model, results) = l.scope_of(&q.node, &source).map_err(Diags::from)?;
    l.answer(model, results, &q, &source)
}

/// How one unit's score at `indicator` (default: the total) was built (`cix explain`, the REPL's
/// `why`).
pub fn explain(l: &Loaded, unit: &str, indicator: Option<&str>) -> Result<Output, Diags> {
    crate::explain::explain(
        &l.model, &l.dataset, &l.results, &l.scoring, unit, indicator,
    )
}

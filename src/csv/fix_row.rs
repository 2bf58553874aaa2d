//! A record with the mechanical fixes of its issues put into its cells (`fix: true`).

use super::columns::Columns;
use super::reader::{Patch, Record};
use crate::text::owned;
use crate::validate::fixes::apply_fixes;
use crate::validate::{Fix, ValidationIssue};

/// Row `index`'s record with the fixes its `issues` carry in place of the cells they fix, and those
/// fixes; `None` when no issue fixes a cell (most rows), so that they cost nothing more.
#[cfg_attr(size_opt, optimize(size))]
pub(crate) fn fix_record<'t, 'p>(
    columns: &Columns,
    record: &Record<'t, '_>,
    index: usize,
    issues: &[ValidationIssue],
    patch: &'p mut Patch,
) -> Option<(Record<'t, 'p>, Vec<Fix>)> {
    if !crate::validate::fixes::any_fix(issues) {
        return None;
    }
    let mut replaced = Vec::new();
    let fixes = apply_fixes(index, Some(record.line), issues, |path, to| {
        let column = columns.column_of(path)?;
        let from = record.get(column);
        if from.is_empty() {
            return None;
        }
        replaced.push((column, owned(to)));
        Some(owned(from))
    });
    (!fixes.is_empty()).then(|| (record.patched(&replaced, patch), fixes))
}

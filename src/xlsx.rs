//! `data/tiltak.xlsx`: the measures as a spreadsheet, for readers who open open data in Excel
//! (a CSV opens there in one column, or garbled, with Norwegian settings). The same rows and
//! columns as `tiltak.csv`; every cell is written as text, so nothing in it runs as a formula.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Url, Workbook, XlsxError};

use crate::data::{MEASURE_COLUMNS, measure_rows};
use crate::model::Plan;
use crate::output::OutputFile;

/// `data/tiltak.xlsx`. It fails only past Excel's limits (a cell over 32,767 characters, an
/// address over 2,079), which the message names.
pub fn measures_file(plan: &Plan) -> Result<OutputFile, crate::diagnostic::Diagnostic> {
    let bytes = workbook(plan).map_err(|e| {
        crate::diagnostic::Diagnostic::file(
            "content",
            crate::diagnostic::say!(
                nb: "regnearket data/tiltak.xlsx kan ikke lages: {e}",
                en: "the spreadsheet data/tiltak.xlsx cannot be made: {e}",
            ),
        )
        .with_help(crate::diagnostic::say!(
            nb: "kort ned tiltaksteksten eller adressen som går over Excels grenser",
            en: "shorten the measure text or address that goes past Excel's limits",
        ))
    })?;
    Ok(OutputFile {
        path: "data/tiltak.xlsx".into(),
        bytes,
    })
}

fn workbook(plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // The revision's date, not the build's time: the same input gives the same bytes.
    let date = revision_date(&plan.revision.date)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&plan.title)
            .set_company(&plan.meta.organisation)
            .set_creation_datetime(&date),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name("Tiltak")?;
    let bold = Format::new().set_bold();
    for (col, name) in (0u16..).zip(MEASURE_COLUMNS) {
        sheet.write_string_with_format(0, col, name, &bold)?;
    }
    let rows = measure_rows(plan);
    for (row, fields) in (1u32..).zip(&rows) {
        for (col, field) in (0u16..).zip(fields) {
            if col == 6 {
                sheet.write_url(row, col, Url::new(field))?;
            } else {
                sheet.write_string(row, col, field)?;
            }
        }
    }
    for (col, width) in (0u16..).zip([28.0, 6.0, 9.0, 40.0, 90.0, 30.0, 60.0]) {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows.len() as u32, 6)?;
    workbook.save_to_buffer()
}

/// `YYYY-MM-DD` or `YYYY-MM` (the first of the month) as a date.
fn revision_date(date: &str) -> Result<ExcelDateTime, XlsxError> {
    let mut parts = date.split('-').map(|p| p.parse::<u16>().unwrap_or(1));
    let year = parts.next().unwrap_or(2000);
    let month = parts.next().unwrap_or(1) as u8;
    let day = parts.next().unwrap_or(1) as u8;
    ExcelDateTime::from_ymd(year, month, day)
}

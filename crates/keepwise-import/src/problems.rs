//! Problems found in an import, collected (not stopped at) and reported with
//! their place: `file:line: column 'name': value 'x' — expected …`.

use std::fmt;

/// How many problems are listed before the rest are only counted.
pub const DEFAULT_LISTED_PROBLEMS: usize = 100;

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based line of the record (the header is line 1 of a CSV file).
    pub line: Option<u64>,
    pub column: Option<String>,
    pub value: Option<String>,
    pub expected: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ":")?;
        if let Some(column) = &self.column {
            write!(f, " column '{column}':")?;
        }
        match &self.value {
            Some(value) => write!(
                f,
                " value '{}' — expected {}",
                shorten(value),
                self.expected
            ),
            None => write!(f, " {}", self.expected),
        }
    }
}

fn shorten(value: &str) -> String {
    const MAX: usize = 60;
    if value.chars().count() <= MAX {
        value.to_string()
    } else {
        let cut: String = value.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// Every problem of an import: the first ones listed, the rest counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    pub listed: Vec<Problem>,
    pub total: usize,
    limit: usize,
}

impl Problems {
    pub fn with_limit(limit: usize) -> Self {
        Problems {
            listed: Vec::new(),
            total: 0,
            limit,
        }
    }
    pub fn push(&mut self, problem: Problem) {
        self.total += 1;
        if self.listed.len() < self.limit {
            self.listed.push(problem);
        }
    }
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.listed {
            writeln!(f, "{problem}")?;
        }
        let more = self.total - self.listed.len();
        if more > 0 {
            writeln!(
                f,
                "… and {more} more problem{}",
                if more == 1 { "" } else { "s" }
            )?;
        }
        write!(
            f,
            "{} problem{} found; nothing was imported. Fix the files and run the import again.",
            self.total,
            if self.total == 1 { "" } else { "s" }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_names_file_line_column_value_and_expectation() {
        let p = Problem {
            file: "orders.csv".into(),
            line: Some(7),
            column: Some("amount".into()),
            value: Some("12,50".into()),
            expected: "a decimal amount with '.' (e.g. 12.50)".into(),
        };
        assert_eq!(
            p.to_string(),
            "orders.csv:7: column 'amount': value '12,50' — expected a decimal amount with '.' (e.g. 12.50)"
        );
    }

    #[test]
    fn problems_beyond_the_limit_are_counted_not_listed() {
        let mut all = Problems::with_limit(2);
        for line in 0..5 {
            all.push(Problem {
                file: "f.csv".into(),
                line: Some(line),
                column: None,
                value: None,
                expected: "x".into(),
            });
        }
        assert_eq!(all.listed.len(), 2);
        assert!(all.to_string().contains("… and 3 more problems"));
        assert!(
            all.to_string()
                .contains("5 problems found; nothing was imported")
        );
    }
}

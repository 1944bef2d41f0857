//! Reading `keepwise.toml` into the core's [`Settings`], and writing the documented
//! default file for `keepwise init`.

use std::path::Path;

use anyhow::Context as _;
use keepwise_core::config::Settings;

/// The documented default settings file written by `keepwise init`.
pub const TEMPLATE: &str = include_str!("keepwise.toml");

/// Reads the settings file; a missing file means every default.
pub fn load(path: &Path) -> anyhow::Result<Settings> {
    if !path.exists() {
        return Ok(Settings::default());
    }
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read settings file {}", path.display()))?;
    toml::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "settings file {} is not valid: {e}\nRun `keepwise init --force-config` to see every setting with its default.",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parses_to_exactly_the_defaults() {
        let parsed: Settings = toml::from_str(TEMPLATE).unwrap();
        assert_eq!(parsed, Settings::default());
    }

    #[test]
    fn the_template_documents_every_setting() {
        let defaults = toml::Value::try_from(Settings::default()).unwrap();
        let template: toml::Value = toml::from_str(TEMPLATE).unwrap();
        let toml::Value::Table(sections) = defaults else {
            panic!("settings are a table")
        };
        for (section, keys) in sections {
            let toml::Value::Table(keys) = keys else {
                continue;
            };
            for key in keys.keys() {
                assert!(
                    template.get(&section).and_then(|s| s.get(key)).is_some(),
                    "keepwise.toml template lacks [{section}] {key}"
                );
            }
        }
    }

    #[test]
    fn an_unknown_setting_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keepwise.toml");
        std::fs::write(&path, "[costs]\nagent_hourly = 30\nagnet_hourly = 31\n").unwrap();
        let error = load(&path).unwrap_err().to_string();
        assert!(
            error.contains("keepwise.toml") && error.contains("agnet_hourly"),
            "{error}"
        );
    }
}

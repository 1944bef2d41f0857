//! `keepwise staff …`: the people who work cases, and their roles.

use std::process::ExitCode;

use anyhow::{Result, anyhow};
use chrono::{DateTime, Utc};
use keepwise_core::cases::{Role, Staff};
use keepwise_store::{CaseStore, Store};

use super::case::staff_hint;
use crate::context::Context;
use crate::output::{Format, csv, table};

#[derive(Debug, clap::Args)]
pub struct StaffArgs {
    #[command(subcommand)]
    pub command: StaffCmd,
}

#[derive(Debug, clap::Subcommand)]
pub enum StaffCmd {
    /// Add a staff member, or change their name, role or team.
    Add {
        staff_id: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_name = "agent|manager|admin")]
        role: String,
        #[arg(long)]
        team: Option<String>,
        /// The admin making the change; needed once the store has an admin.
        #[arg(long = "as", value_name = "STAFF_ID")]
        actor: Option<String>,
    },
    /// List the staff.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// `keepwise staff …`
pub fn run(context: &Context, args: StaffArgs) -> Result<ExitCode> {
    let store = context.store()?;
    context.block_on(run_command(&store, args.command, Utc::now()))?;
    Ok(ExitCode::SUCCESS)
}

async fn run_command(store: &Store, command: StaffCmd, now: DateTime<Utc>) -> Result<()> {
    match command {
        StaffCmd::Add {
            staff_id,
            name,
            role,
            team,
            actor,
        } => {
            let role: Role = role.parse().map_err(|e: String| anyhow!(e))?;
            let staff = store.all_staff().await?;
            // Anyone may set up the first people; once an admin exists, staff is theirs to manage.
            let by = if staff.iter().any(|s| s.role == Role::Admin) {
                let who = actor.ok_or_else(|| {
                    anyhow!(
                        "changing staff needs an admin: add --as ADMIN_ID (admins: {})",
                        admins(&staff)
                    )
                })?;
                let admin = store.staff_member(&who).await.map_err(staff_hint)?;
                if admin.role != Role::Admin {
                    return Err(anyhow!(
                        "`{who}` is {}, and only an admin changes staff (admins: {})",
                        admin.role,
                        admins(&staff)
                    ));
                }
                who
            } else {
                actor.unwrap_or_else(|| "setup".to_string())
            };
            let existed = staff.iter().any(|s| s.staff_id == staff_id);
            let member = Staff {
                staff_id: staff_id.trim().to_string(),
                name: name.trim().to_string(),
                role,
                team,
            };
            if member.staff_id.is_empty() || member.name.is_empty() {
                return Err(anyhow!("a staff member needs a non-empty id and --name"));
            }
            store.save_staff(&member, &by, now).await?;
            let verb = if existed { "updated" } else { "added" };
            println!(
                "{verb} {} ({}, {})",
                member.staff_id, member.name, member.role
            );
        }
        StaffCmd::List { format } => {
            let staff = store.all_staff().await?;
            let header = ["staff", "name", "role", "team"];
            let rows: Vec<Vec<String>> = staff
                .iter()
                .map(|s| {
                    vec![
                        s.staff_id.clone(),
                        s.name.clone(),
                        s.role.to_string(),
                        s.team.clone().unwrap_or_default(),
                    ]
                })
                .collect();
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&staff)?),
                Format::Csv => print!("{}", csv(&header, &rows)?),
                Format::Table => print!("{}", table(&header, &rows)),
            }
        }
    }
    Ok(())
}

fn admins(staff: &[Staff]) -> String {
    staff
        .iter()
        .filter(|s| s.role == Role::Admin)
        .map(|s| s.staff_id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

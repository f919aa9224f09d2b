//! `portico user`, `portico token`, `portico audit`: staff accounts from
//! the command line (the first administrator of a fresh install comes
//! from here), API tokens, and the audit trail's proof side. What is done
//! here is audited as the actor `cli`.

use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::Subcommand;
use portico_auth::{Role, Scope, secret};
use portico_store::{Actor, Store};

#[derive(clap::Args)]
pub struct UserArgs {
    #[command(flatten)]
    pub(crate) store: crate::database::StoreArgs,
    #[command(subcommand)]
    command: UserCommand,
}

#[derive(clap::Args)]
struct ScopeArgs {
    /// Limit the role to a section of the site (a content folder such as
    /// `careers/`); repeat for several. Default: every section.
    #[arg(long = "scope", value_name = "SECTION")]
    sections: Vec<String>,
    /// Limit the role to a locale (`fr`); repeat for several. Default: all.
    #[arg(long = "locale", value_name = "LOCALE")]
    locales: Vec<String>,
}

#[derive(clap::Args)]
struct LinkArgs {
    /// The site's public address, for the link (default: the local server).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    base_url: String,
    /// How many hours the link works.
    #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(i64).range(1..=720))]
    link_hours: i64,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create an account and print a one-time sign-in link.
    Add {
        /// The person's email address.
        email: String,
        /// admin, publisher, editor, contributor or viewer.
        #[arg(long, value_parser = parse_role)]
        role: Role,
        /// How the person is shown.
        #[arg(long, default_value = "")]
        name: String,
        #[command(flatten)]
        scope: ScopeArgs,
        #[command(flatten)]
        link: LinkArgs,
    },
    /// List every account.
    List,
    /// Print a new one-time sign-in link for an account (a lost password).
    Link {
        email: String,
        #[command(flatten)]
        link: LinkArgs,
    },
    /// Change an account's role and scope.
    Role {
        email: String,
        #[arg(long, value_parser = parse_role)]
        role: Role,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// Disable an account: it cannot sign in; its sessions end, its tokens stop.
    Disable { email: String },
    /// Enable a disabled account again.
    Enable { email: String },
    /// Delete an account, its sessions and tokens (the audit trail keeps
    /// what it did).
    Delete { email: String },
    /// Require a second factor (TOTP or a passkey) of every account with
    /// these roles; with no --role, of none.
    RequireTotp {
        /// A role that must have one; repeat for several.
        #[arg(long = "role", value_parser = parse_role)]
        roles: Vec<Role>,
    },
}

#[derive(clap::Args)]
pub struct TokenArgs {
    #[command(flatten)]
    pub(crate) store: crate::database::StoreArgs,
    #[command(subcommand)]
    command: TokenCommand,
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token acting as an account; printed once.
    Create {
        email: String,
        /// What the token is for (shown in lists and the audit trail).
        #[arg(long)]
        name: String,
        /// Days until it stops working. Default: never.
        #[arg(long, value_parser = clap::value_parser!(i64).range(1..=3650))]
        expires: Option<i64>,
    },
    /// List tokens (of one account).
    List { email: Option<String> },
    /// Revoke a token by its id.
    Revoke { id: i64 },
}

#[derive(clap::Args)]
pub struct AuditArgs {
    #[command(flatten)]
    pub(crate) store: crate::database::StoreArgs,
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the audit trail's hash chain; exit 1 at the first bad record.
    Verify,
    /// Write the records (from a UTC day on) as JSON lines.
    Export {
        #[arg(long)]
        since: Option<jiff::civil::Date>,
    },
    /// Every record by or about one account, as JSON.
    Lookup { email: String },
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(&s.to_ascii_lowercase()).ok_or_else(|| "one of admin, publisher, editor, contributor, viewer".into())
}

fn email(raw: &str) -> anyhow::Result<String> {
    portico_auth::normalize_email(raw).with_context(|| format!("{raw:?} is not an email address"))
}

fn scope(args: &ScopeArgs) -> anyhow::Result<Scope> {
    Ok(Scope::new(&args.sections, &args.locales)?)
}

pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

async fn print_link(store: &Store, email: &str, link: &LinkArgs) -> anyhow::Result<()> {
    let value = secret::new(secret::Kind::Link);
    let now = now();
    store
        .create_link(
            email,
            &secret::hash(&value),
            now,
            now + link.link_hours * 3600,
            &Actor::cli(),
        )
        .await?;
    println!(
        "sign-in link for {email} (works once, for {} hours):\n{}/admin/link/{value}",
        link.link_hours,
        link.base_url.trim_end_matches('/')
    );
    Ok(())
}

pub fn user(args: UserArgs) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async move {
        let store = args.store.open().await?;
        let cli = Actor::cli();
        match args.command {
            UserCommand::Add {
                email: raw,
                role,
                name,
                scope: s,
                link,
            } => {
                let email = email(&raw)?;
                let account = store
                    .create_account(&email, name.trim(), role, &scope(&s)?, &cli)
                    .await?;
                println!("created {} ({})", account.email, account.role);
                print_link(&store, &account.email, &link).await?;
            }
            UserCommand::List => {
                let accounts = store.accounts().await?;
                if accounts.is_empty() {
                    println!("no accounts yet: `portico user add EMAIL --role admin` makes the first");
                }
                for a in accounts {
                    let limited: Vec<&str> = a.sections.iter().chain(&a.locales).map(String::as_str).collect();
                    println!(
                        "{}\t{}\t{}\t{}{}{}",
                        a.email,
                        a.role,
                        if limited.is_empty() {
                            "everything".to_string()
                        } else {
                            limited.join(" ")
                        },
                        if a.disabled { "disabled" } else { "active" },
                        if a.has_password { ", password" } else { "" },
                        if a.has_totp { ", two-step" } else { "" },
                    );
                }
            }
            UserCommand::Link { email: raw, link } => print_link(&store, &email(&raw)?, &link).await?,
            UserCommand::Role {
                email: raw,
                role,
                scope: s,
            } => {
                let a = store.set_role(&email(&raw)?, role, &scope(&s)?, &cli).await?;
                println!("{} is now {}", a.email, a.role);
            }
            UserCommand::Disable { email: raw } => {
                let a = store.set_disabled(&email(&raw)?, true, &cli).await?;
                println!("{} is disabled", a.email);
            }
            UserCommand::Enable { email: raw } => {
                let a = store.set_disabled(&email(&raw)?, false, &cli).await?;
                println!("{} is enabled", a.email);
            }
            UserCommand::RequireTotp { roles } => {
                store.set_totp_required(&roles, &cli).await?;
                let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
                println!(
                    "two-step verification required of: {}",
                    if names.is_empty() {
                        "no role".to_string()
                    } else {
                        names.join(", ")
                    }
                );
            }
            UserCommand::Delete { email: raw } => {
                let email = email(&raw)?;
                store.delete_account(&email, &cli).await?;
                println!("{email} is deleted");
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

pub fn token(args: TokenArgs) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async move {
        let store = args.store.open().await?;
        match args.command {
            TokenCommand::Create {
                email: raw,
                name,
                expires,
            } => {
                let name = name.trim();
                if name.is_empty() {
                    bail!("give the token a --name saying what it is for");
                }
                let value = secret::new(secret::Kind::Token);
                let now = now();
                let token = store
                    .create_token(
                        &email(&raw)?,
                        &secret::hash(&value),
                        name,
                        now,
                        expires.map(|d| now + d * 86_400),
                        &Actor::cli(),
                    )
                    .await?;
                eprintln!(
                    "token {} for {} (shown once; send it as Authorization: Bearer):",
                    token.id, token.email
                );
                println!("{value}");
            }
            TokenCommand::List { email: raw } => {
                let email = raw.as_deref().map(email).transpose()?;
                for t in store.tokens(email.as_deref()).await? {
                    let when = |t: Option<i64>| {
                        t.and_then(|s| jiff::Timestamp::from_second(s).ok())
                            .map_or_else(|| "-".to_string(), |t| format!("{t:.0}"))
                    };
                    println!(
                        "{}\t{}\t{}\texpires {}\tlast used {}{}",
                        t.id,
                        t.email,
                        t.name,
                        when(t.expires_at),
                        when(t.last_used_at),
                        if t.revoked_at.is_some() { "\trevoked" } else { "" }
                    );
                }
            }
            TokenCommand::Revoke { id } => {
                if store.revoke_token(id, now(), &Actor::cli()).await? {
                    println!("token {id} is revoked");
                } else {
                    bail!("no live token {id}");
                }
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}

pub fn audit(args: AuditArgs) -> anyhow::Result<ExitCode> {
    runtime()?.block_on(async move {
        let store = args.store.open().await?;
        match args.command {
            AuditCommand::Verify => Ok(crate::consent::print_report(&store.audit_verify().await?)),
            AuditCommand::Export { since } => {
                let n = store.audit_export(since, &mut std::io::stdout()).await?;
                eprintln!("exported {n} records");
                Ok(ExitCode::SUCCESS)
            }
            AuditCommand::Lookup { email: raw } => {
                let records = store.audit_lookup(&email(&raw)?, None).await?;
                println!("{}", serde_json::to_string_pretty(&records)?);
                Ok(ExitCode::SUCCESS)
            }
        }
    })
}

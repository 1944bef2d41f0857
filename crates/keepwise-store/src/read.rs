//! Reading records back: counts, one customer's history, or every customer's.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use keepwise_core::records::*;
use sqlx::Row;

use crate::entity::{Entity, IMPORT_ORDER, count_of};
use crate::{Store, StoreError};

/// Row counts per entity, keyed by the file stem of FORMAT.md (`customers`, `orders`, …).
pub type EntityCounts = BTreeMap<String, u64>;

/// Every customer's history, in customer id order, with the data set's shared records.
#[derive(Debug, Clone, Default)]
pub struct HistoryIndex {
    pub histories: Vec<CustomerHistory>,
    pub promotions: Vec<Promotion>,
    pub rates: Vec<Rate>,
}

/// What valuing the whole base reads: see [`CustomerStore::valuation_records`].
#[derive(Debug, Clone, Default)]
pub struct ValuationRecords {
    /// Histories with customers, orders, concessions, tickets and contracts only.
    pub index: HistoryIndex,
    /// Latest timestamp among the records not loaded into `index` (usage days count
    /// from their midnight), if any.
    pub latest_unloaded: Option<DateTime<Utc>>,
}

/// Capability: reading customers and their records.
pub trait CustomerStore {
    /// Row counts per entity.
    fn entity_counts(&self) -> impl Future<Output = Result<EntityCounts, StoreError>> + Send;
    /// The latest timestamp anywhere in the data (the default `as_of`), if any data.
    fn latest_timestamp(
        &self,
    ) -> impl Future<Output = Result<Option<DateTime<Utc>>, StoreError>> + Send;
    /// One customer's whole history.
    fn customer_history(
        &self,
        customer_id: &str,
    ) -> impl Future<Output = Result<CustomerHistory, StoreError>> + Send;
    /// Every customer's history (for triage and model fitting). Message texts are
    /// the bulk of a large store and only the abuse screening reads them:
    /// `with_messages` false leaves every history's `messages` empty.
    fn all_histories(
        &self,
        with_messages: bool,
    ) -> impl Future<Output = Result<HistoryIndex, StoreError>> + Send;
    /// Every customer's money records — orders, concessions, tickets (without
    /// messages) and contracts, each in time order — which is all that valuing the
    /// base needs, with the latest timestamp of the records left unread (usage,
    /// reviews, staff reports) so that the default `as_of` stays that of the whole
    /// store without messages. Rows are read in storage order and sorted per
    /// customer: SQLite's own ORDER BY over tens of millions of rows costs a sort
    /// held in memory.
    fn valuation_records(
        &self,
    ) -> impl Future<Output = Result<ValuationRecords, StoreError>> + Send;
    /// A contract by id.
    fn contract(
        &self,
        contract_id: &str,
    ) -> impl Future<Output = Result<Contract, StoreError>> + Send;
    /// The data set's promotions.
    fn promotions(&self) -> impl Future<Output = Result<Vec<Promotion>, StoreError>> + Send;
    /// The data set's currency rates (empty for a single-currency data set).
    fn rates(&self) -> impl Future<Output = Result<Vec<Rate>, StoreError>> + Send;
    /// The data set's reporting currency, once data with money was imported.
    fn reporting_currency(&self)
    -> impl Future<Output = Result<Option<String>, StoreError>> + Send;
}

fn select<E: Entity>(filter: &str) -> String {
    format!(
        "SELECT {} FROM {} {filter}",
        E::COLUMNS.join(", "),
        E::TABLE
    )
}

impl Store {
    async fn fetch<E: Entity>(
        &self,
        filter: &str,
        bind: Option<&str>,
    ) -> Result<Vec<E>, StoreError> {
        let sql = select::<E>(filter);
        // Built from the entity's constant table and column names; values are bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some(value) = bind {
            query = query.bind(value);
        }
        let rows = query
            .fetch_all(self.pool())
            .await
            .map_err(StoreError::db(format!("reading {}", E::TABLE)))?;
        rows.iter().map(E::from_row).collect()
    }

    /// One empty history per stored customer, in customer-id order, and each
    /// customer's position in it: the frame both whole-base loads fill.
    async fn empty_histories(
        &self,
    ) -> Result<(HashMap<String, usize>, Vec<CustomerHistory>), StoreError> {
        let customers: Vec<Customer> = self.fetch("ORDER BY customer_id", None).await?;
        let mut position: HashMap<String, usize> = HashMap::with_capacity(customers.len());
        let mut histories: Vec<CustomerHistory> = Vec::with_capacity(customers.len());
        for (i, customer) in customers.into_iter().enumerate() {
            position.insert(customer.customer_id.clone(), i);
            histories.push(CustomerHistory {
                customer: Some(customer),
                ..Default::default()
            });
        }
        Ok((position, histories))
    }

    /// Streams every row of `E` in `order` into the history of its owner (rows
    /// whose owner is not a stored customer are skipped).
    async fn place_each<E: Entity>(
        &self,
        order: &str,
        histories: &mut [CustomerHistory],
        owner: impl Fn(&E) -> Option<usize>,
        push: impl Fn(&mut CustomerHistory, E),
    ) -> Result<(), StoreError> {
        self.fetch_each(order, |r: E| {
            if let Some(i) = owner(&r) {
                push(&mut histories[i], r);
            }
        })
        .await
    }

    /// Streams every row of `E` in the filter's order into `each`, converting one row
    /// at a time: a store of tens of millions of rows never holds its raw rows and
    /// their records at once.
    async fn fetch_each<E: Entity>(
        &self,
        filter: &str,
        mut each: impl FnMut(E),
    ) -> Result<(), StoreError> {
        use futures_util::TryStreamExt;
        let sql = select::<E>(filter);
        // Built from the entity's constant table and column names; nothing is bound.
        let query = sqlx::query(sqlx::AssertSqlSafe(sql));
        let mut rows = query.fetch(self.pool());
        while let Some(row) = rows
            .try_next()
            .await
            .map_err(StoreError::db(format!("reading {}", E::TABLE)))?
        {
            each(E::from_row(&row)?);
        }
        Ok(())
    }
}

impl Store {
    /// Latest timestamp of the usage, reviews (with a customer) and staff reports,
    /// as `assessment::latest_timestamp` would see them in loaded histories. Usage
    /// dates have a fixed width, so SQL's max is exact; timestamps may carry
    /// fractional seconds, which text order does not rank correctly, so they are
    /// parsed (reviews and staff reports are few).
    async fn latest_unloaded(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let mut latest: Option<DateTime<Utc>> = None;
        let mut consider = |t: DateTime<Utc>| latest = Some(latest.map_or(t, |l| l.max(t)));
        let usage: Option<String> = sqlx::query_scalar("SELECT max(date) FROM usage")
            .fetch_one(self.pool())
            .await
            .map_err(StoreError::db("reading the latest usage date"))?;
        if let Some(text) = usage {
            let day = chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d").map_err(|e| {
                StoreError::Corrupt {
                    table: "usage",
                    column: "date",
                    detail: format!("'{text}': {e}"),
                }
            })?;
            if let Some(t) = day.and_hms_opt(0, 0, 0) {
                consider(t.and_utc());
            }
        }
        for (table, column, sql) in [
            (
                "reviews",
                "posted_at",
                "SELECT posted_at FROM reviews WHERE customer_id IS NOT NULL",
            ),
            (
                "reviews",
                "responded_at",
                "SELECT responded_at FROM reviews WHERE customer_id IS NOT NULL AND responded_at IS NOT NULL",
            ),
            (
                "staff_reports",
                "reported_at",
                "SELECT reported_at FROM staff_reports",
            ),
        ] {
            let texts: Vec<String> = sqlx::query_scalar(sql)
                .fetch_all(self.pool())
                .await
                .map_err(StoreError::db(format!("reading {table}.{column}")))?;
            for text in texts {
                let t = DateTime::parse_from_rfc3339(&text).map_err(|e| StoreError::Corrupt {
                    table,
                    column,
                    detail: format!("'{text}': {e}"),
                })?;
                consider(t.with_timezone(&Utc));
            }
        }
        Ok(latest)
    }
}

impl CustomerStore for Store {
    async fn entity_counts(&self) -> Result<EntityCounts, StoreError> {
        let mut counts = EntityCounts::new();
        for table in IMPORT_ORDER {
            let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {table}")))
                .fetch_one(self.pool())
                .await
                .map_err(StoreError::db(format!("counting {table}")))?;
            counts.insert(table.to_string(), count_of(&row)?.max(0) as u64);
        }
        Ok(counts)
    }

    async fn latest_timestamp(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        // Dates and timestamps are both ISO text, so max() over each compares correctly
        // within a column; across columns we parse and compare.
        let sql = "SELECT max(ordered_at) FROM orders UNION ALL SELECT max(granted_at) FROM concessions \
                   UNION ALL SELECT max(opened_at) FROM tickets UNION ALL SELECT max(closed_at) FROM tickets \
                   UNION ALL SELECT max(sent_at) FROM messages UNION ALL SELECT max(posted_at) FROM reviews \
                   UNION ALL SELECT max(reported_at) FROM staff_reports UNION ALL SELECT max(created_at) FROM customers \
                   UNION ALL SELECT max(date) || 'T00:00:00Z' FROM usage";
        let rows = sqlx::query(sql)
            .fetch_all(self.pool())
            .await
            .map_err(StoreError::db("finding the latest timestamp"))?;
        let mut latest: Option<DateTime<Utc>> = None;
        for row in &rows {
            let text: Option<String> = row
                .try_get(0)
                .map_err(StoreError::db("reading a timestamp"))?;
            let Some(text) = text else { continue };
            let t = DateTime::parse_from_rfc3339(&text)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| StoreError::Corrupt {
                    table: "(latest)",
                    column: "timestamp",
                    detail: e.to_string(),
                })?;
            latest = Some(latest.map_or(t, |l| l.max(t)));
        }
        Ok(latest)
    }

    async fn customer_history(&self, customer_id: &str) -> Result<CustomerHistory, StoreError> {
        let mut customers: Vec<Customer> = self
            .fetch("WHERE customer_id = ?", Some(customer_id))
            .await?;
        let customer = customers
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("customer '{customer_id}'")))?;
        let by_customer = "WHERE customer_id = ? ORDER BY 1";
        let messages_sql = format!(
            "SELECT {} FROM messages WHERE ticket_id IN (SELECT ticket_id FROM tickets WHERE customer_id = ?) \
             ORDER BY sent_at, message_id",
            Message::COLUMNS.join(", ")
        );
        let message_rows = sqlx::query(sqlx::AssertSqlSafe(messages_sql))
            .bind(customer_id)
            .fetch_all(self.pool())
            .await
            .map_err(StoreError::db("reading messages"))?;
        Ok(CustomerHistory {
            customer: Some(customer),
            orders: self.fetch(by_customer, Some(customer_id)).await?,
            concessions: self.fetch(by_customer, Some(customer_id)).await?,
            tickets: self.fetch(by_customer, Some(customer_id)).await?,
            messages: message_rows
                .iter()
                .map(Message::from_row)
                .collect::<Result<_, _>>()?,
            contracts: self.fetch(by_customer, Some(customer_id)).await?,
            usage: self
                .fetch("WHERE customer_id = ? ORDER BY date", Some(customer_id))
                .await?,
            reviews: self.fetch(by_customer, Some(customer_id)).await?,
            staff_reports: self.fetch(by_customer, Some(customer_id)).await?,
        })
    }

    async fn all_histories(&self, with_messages: bool) -> Result<HistoryIndex, StoreError> {
        let (position, mut histories) = self.empty_histories().await?;
        let by_id = |id: &str| position.get(id).copied();
        self.place_each(
            "ORDER BY ordered_at",
            &mut histories,
            |r: &Order| by_id(&r.customer_id),
            |h, r| h.orders.push(r),
        )
        .await?;
        self.place_each(
            "ORDER BY granted_at",
            &mut histories,
            |r: &Concession| by_id(&r.customer_id),
            |h, r| h.concessions.push(r),
        )
        .await?;
        // Messages name their ticket, not their customer.
        let mut ticket_owner: HashMap<String, usize> = HashMap::new();
        self.fetch_each("ORDER BY opened_at", |r: Ticket| {
            if let Some(i) = by_id(&r.customer_id) {
                if with_messages {
                    ticket_owner.insert(r.ticket_id.clone(), i);
                }
                histories[i].tickets.push(r);
            }
        })
        .await?;
        if with_messages {
            let owner = |r: &Message| ticket_owner.get(&r.ticket_id).copied();
            self.place_each(
                "ORDER BY sent_at, message_id",
                &mut histories,
                owner,
                |h, r| h.messages.push(r),
            )
            .await?;
        }
        drop(ticket_owner);
        self.place_each(
            "ORDER BY start_date",
            &mut histories,
            |r: &Contract| by_id(&r.customer_id),
            |h, r| h.contracts.push(r),
        )
        .await?;
        self.place_each(
            "ORDER BY date",
            &mut histories,
            |r: &Usage| by_id(&r.customer_id),
            |h, r| h.usage.push(r),
        )
        .await?;
        self.place_each(
            "ORDER BY posted_at",
            &mut histories,
            |r: &Review| r.customer_id.as_deref().and_then(by_id),
            |h, r| h.reviews.push(r),
        )
        .await?;
        self.place_each(
            "ORDER BY reported_at",
            &mut histories,
            |r: &StaffReport| by_id(&r.customer_id),
            |h, r| h.staff_reports.push(r),
        )
        .await?;
        Ok(HistoryIndex {
            histories,
            promotions: self.promotions().await?,
            rates: self.rates().await?,
        })
    }

    async fn valuation_records(&self) -> Result<ValuationRecords, StoreError> {
        let (position, mut histories) = self.empty_histories().await?;
        // Exact capacities for the two big kinds: vectors grown by doubling would
        // leave about a quarter of their room unused over tens of millions of rows.
        for table in ["orders", "tickets"] {
            let sql = format!("SELECT customer_id, count(*) FROM {table} GROUP BY customer_id");
            let mut rows =
                sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql)).fetch(self.pool());
            while let Some((id, n)) = futures_util::TryStreamExt::try_next(&mut rows)
                .await
                .map_err(StoreError::db(format!("counting {table} per customer")))?
            {
                if let Some(&i) = position.get(&id) {
                    let n = usize::try_from(n).unwrap_or(0);
                    match table {
                        "orders" => histories[i].orders.reserve_exact(n),
                        _ => histories[i].tickets.reserve_exact(n),
                    }
                }
            }
        }
        let by_id = |id: &str| position.get(id).copied();
        self.place_each(
            "",
            &mut histories,
            |r: &Order| by_id(&r.customer_id),
            |h, r| h.orders.push(r),
        )
        .await?;
        self.place_each(
            "",
            &mut histories,
            |r: &Concession| by_id(&r.customer_id),
            |h, r| h.concessions.push(r),
        )
        .await?;
        self.place_each(
            "",
            &mut histories,
            |r: &Ticket| by_id(&r.customer_id),
            |h, r| h.tickets.push(r),
        )
        .await?;
        self.place_each(
            "",
            &mut histories,
            |r: &Contract| by_id(&r.customer_id),
            |h, r| h.contracts.push(r),
        )
        .await?;
        drop(position);
        // The same order as all_histories gives; stable, so equal times keep
        // storage order.
        for h in &mut histories {
            h.orders.sort_by_key(|r| r.ordered_at);
            h.concessions.sort_by_key(|r| r.granted_at);
            h.tickets.sort_by_key(|r| r.opened_at);
            h.contracts.sort_by_key(|r| r.start_date);
        }
        Ok(ValuationRecords {
            index: HistoryIndex {
                histories,
                promotions: self.promotions().await?,
                rates: self.rates().await?,
            },
            latest_unloaded: self.latest_unloaded().await?,
        })
    }

    async fn contract(&self, contract_id: &str) -> Result<Contract, StoreError> {
        let mut found: Vec<Contract> = self
            .fetch("WHERE contract_id = ?", Some(contract_id))
            .await?;
        found
            .pop()
            .ok_or_else(|| StoreError::NotFound(format!("contract '{contract_id}'")))
    }

    async fn promotions(&self) -> Result<Vec<Promotion>, StoreError> {
        self.fetch("ORDER BY promotion_id", None).await
    }

    async fn rates(&self) -> Result<Vec<Rate>, StoreError> {
        self.fetch("ORDER BY currency", None).await
    }

    async fn reporting_currency(&self) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar::<_, String>(
            "SELECT value FROM dataset_settings WHERE key = 'reporting_currency'",
        )
        .fetch_optional(self.pool())
        .await
        .map_err(StoreError::db("reading the reporting currency"))
    }
}

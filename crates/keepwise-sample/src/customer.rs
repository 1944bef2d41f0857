//! Writing one customer: the rows of every file that belong to them, built
//! from plans (how they buy, their contract, each ticket with its messages).
//!
//! Only this customer's few facts are kept in memory (their order ids for
//! references), so the generator streams any number of customers.

use keepwise_core::records::{
    Action, Author, Channel, ConcessionKind, EscalationLevel, OrderStatus, RootCause,
    StaffReportKind, TicketOutcome,
};

use crate::SampleError;
use crate::dist::{
    Rand, between, chance, exponential, gamma, lognormal, normal, pick, unit, weighted,
};
use crate::out::{DataFile, Output, date, flag, money, timestamp};
use crate::phrases::{PROMOTION_DECLINE, Phrasebook, resolution_for};
use crate::text::{Slots, compose, roughen};
use crate::world::{CURRENCY, DAY, Promotion, Segment, team_for};

/// The time span and promotions every customer shares.
pub struct World {
    /// End of the data, seconds since the epoch.
    pub as_of: i64,
    pub promotions: Vec<Promotion>,
}

/// Running counters of the ids of every file.
#[derive(Default)]
pub struct Ids {
    order: u64,
    concession: u64,
    ticket: u64,
    message: u64,
    contract: u64,
    review: u64,
    report: u64,
}

impl Ids {
    fn order(&mut self) -> String {
        self.order += 1;
        format!("O{:09}", self.order)
    }
    fn concession(&mut self) -> String {
        self.concession += 1;
        format!("CN{:08}", self.concession)
    }
    fn ticket(&mut self) -> String {
        self.ticket += 1;
        format!("T{:08}", self.ticket)
    }
    fn message(&mut self) -> String {
        self.message += 1;
        format!("M{:010}", self.message)
    }
    fn contract(&mut self) -> String {
        self.contract += 1;
        format!("K{:07}", self.contract)
    }
    pub fn review(&mut self) -> String {
        self.review += 1;
        format!("R{:08}", self.review)
    }
    fn report(&mut self) -> String {
        self.report += 1;
        format!("SR{:07}", self.report)
    }
}

/// How a customer buys.
#[derive(Debug, Clone, Copy)]
pub struct Buying {
    /// Multiplies the segment's purchase rate.
    pub rate_scale: f64,
    /// Shape of the gamma spread of this customer's rate around its mean: 2 is the
    /// wide spread of a whole base; a kind defined by its value draws a narrow one
    /// (its 1st percentile must still be a customer worth that name).
    pub rate_shape: f64,
    /// Multiplies the segment's order size.
    pub amount_scale: f64,
    /// Mean gross margin rate of this customer's orders.
    pub margin_rate: f64,
    /// Share of orders sent back.
    pub return_rate: f64,
    /// Chance of dropping out after each purchase (buy-till-you-die).
    pub dropout: f64,
    pub promotions: PromoHabit,
    /// Last moment of buying (defaults to `as_of`).
    pub until: Option<i64>,
}

/// How a customer uses promotions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromoHabit {
    Never,
    /// Within the terms: dates, limits, first order only.
    Fair,
    /// Against the terms: first-order codes again and again, past the end date, above the limit.
    Gaming,
}

/// A paid order this customer placed (for references from concessions and messages).
#[derive(Debug, Clone)]
pub struct OrderFact {
    pub id: String,
    pub at: i64,
    pub cents: i64,
    pub returned: bool,
}

/// How a contract is used week by week.
#[derive(Debug, Clone, Copy)]
pub enum UsagePattern {
    /// Used most weeks, around this many units a week.
    Regular(f64),
    /// Used in the first few weeks, then hardly at all.
    Fading(u32),
    /// Regular, with outage weeks of no use.
    Interrupted(f64),
}

/// A term contract to write.
#[derive(Debug, Clone, Copy)]
pub struct ContractPlan {
    pub start: i64,
    pub term_months: u32,
    pub fee_cents: i64,
    pub upfront_cents: Option<i64>,
    pub usage: UsagePattern,
}

/// What the customer sounds like in a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    Polite,
    Frustrated,
    Demanding,
    Abusive,
    Threat,
    RefundClaim,
    Cancel,
    Unsupported,
    PromoException,
}

/// A support ticket to write, with its conversation.
#[derive(Debug, Clone, Copy)]
pub struct TicketPlan {
    pub opened: i64,
    pub category: &'static str,
    pub channel: Channel,
    pub escalation: EscalationLevel,
    /// Multiplies the usual handling time.
    pub effort: f64,
    pub reopened: u32,
    pub root_cause: Option<RootCause>,
    pub out_of_scope: Option<bool>,
    pub unsupported: Option<bool>,
    pub outcome: TicketOutcome,
    pub mood: Mood,
    /// Messages in the conversation, alternating customer and staff (0 = none recorded).
    pub messages: u32,
    /// Which polite request opens the conversation (its position in the phrasebook).
    pub topic: Option<usize>,
}

/// One customer being written.
pub struct Cust<'a> {
    pub rng: Rand,
    pub out: &'a mut Output,
    pub ids: &'a mut Ids,
    pub world: &'a World,
    pub book: &'static Phrasebook,
    pub id: String,
    pub segment: Segment,
    pub created: i64,
    pub orders: Vec<OrderFact>,
    /// Tickets with root cause `company`, and with another known root cause.
    pub company_causes: u32,
    pub other_causes: u32,
}

impl<'a> Cust<'a> {
    /// A point in the customer's history, as a fraction of the time from their
    /// creation to three weeks before `as_of` (so tickets there can be closed).
    pub fn when(&mut self, from: f64, to: f64) -> i64 {
        let end = self.world.as_of - 25 * DAY;
        let span = (end - self.created).max(DAY) as f64;
        let fraction = from + (to - from) * unit(&mut self.rng);
        let day_start = self.created + (span * fraction) as i64 / DAY * DAY;
        // Business hours, 7:00 to 20:00 UTC.
        day_start + between(&mut self.rng, 7 * 3600, 20 * 3600)
    }

    /// Writes the `customers.csv` row.
    pub fn write_customer(
        &mut self,
        index: u64,
        target_fit: Option<bool>,
    ) -> Result<(), SampleError> {
        let name = match self.segment {
            Segment::Retail => pick(&mut self.rng, self.book.person_names).to_string(),
            _ => format!(
                "{} {}",
                pick(&mut self.rng, self.book.company_stems),
                pick(&mut self.rng, self.book.company_forms)
            ),
        };
        let email = if chance(&mut self.rng, 0.92) {
            format!("customer{}@mail.example", index + 1)
        } else {
            String::new()
        };
        let language = if chance(&mut self.rng, 0.97) {
            self.book.code
        } else {
            ""
        };
        let country = pick(&mut self.rng, self.book.countries);
        let created = timestamp(self.created);
        self.out.row(
            DataFile::Customers,
            &[
                &self.id,
                &name,
                &email,
                language,
                self.segment.as_str(),
                flag(target_fit),
                &created,
                country,
            ],
        )
    }

    /// Writes the `labels.csv` row: the action the business should take.
    pub fn write_label(&mut self, action: Action) -> Result<(), SampleError> {
        self.out.row(DataFile::Labels, &[&self.id, action.as_str()])
    }

    /// Writes the customer's orders from `start` on, as a Poisson process with a
    /// gamma-distributed personal rate and lognormal amounts.
    pub fn buy(&mut self, plan: Buying, start: i64) -> Result<(), SampleError> {
        let mean_rate = self.segment.orders_per_month() * plan.rate_scale;
        let shape = plan.rate_shape.max(0.5);
        let rate_per_day = gamma(&mut self.rng, shape, mean_rate / shape) / 30.44;
        let median = self.segment.median_order() * plan.amount_scale;
        let end = plan
            .until
            .unwrap_or(self.world.as_of)
            .min(self.world.as_of - DAY);
        let mut uses = [0u32; 8];
        let mut at =
            start as f64 + exponential(&mut self.rng, rate_per_day.max(0.002)) * DAY as f64 * 0.5;
        while (at as i64) < end && self.orders.len() < 240 {
            let ordered = at as i64 / 60 * 60;
            let first = self.orders.is_empty();
            let mut cents = (lognormal(&mut self.rng, median, 0.55) * 100.0)
                .round()
                .max(150.0) as i64;
            let promotion = self.promotion_for(plan.promotions, ordered, first, &mut uses);
            if let Some(index) = promotion {
                cents = cents * (100 - self.world.promotions[index].discount_percent) / 100;
            }
            let status = if chance(&mut self.rng, 0.02) {
                OrderStatus::Cancelled
            } else if chance(&mut self.rng, plan.return_rate) {
                OrderStatus::Returned
            } else {
                OrderStatus::Paid
            };
            let margin = match status {
                _ if chance(&mut self.rng, 0.12) => None,
                OrderStatus::Paid => {
                    let rate = plan.margin_rate * (1.0 + 0.25 * normal(&mut self.rng));
                    Some((cents as f64 * rate).round() as i64)
                }
                OrderStatus::Returned => Some(-(cents / 20).max(1)),
                OrderStatus::Cancelled => Some(0),
            };
            let id = self.ids.order();
            let promotion_id = promotion.map(|i| self.world.promotions[i].id).unwrap_or("");
            self.out.row(
                DataFile::Orders,
                &[
                    &id,
                    &self.id,
                    &timestamp(ordered),
                    &money(cents),
                    CURRENCY,
                    &margin.map(money).unwrap_or_default(),
                    "",
                    promotion_id,
                    status.as_str(),
                ],
            )?;
            if let Some(index) = promotion {
                // Some discounts are booked as a cost of their own.
                if chance(&mut self.rng, 0.3) {
                    let percent = self.world.promotions[index].discount_percent;
                    let discount = (cents * percent / (100 - percent)).max(1);
                    let promo_id = self.world.promotions[index].id;
                    self.concession(
                        ConcessionKind::Discount,
                        discount,
                        ordered,
                        "promotion",
                        None,
                        Some(&id),
                        Some(promo_id),
                    )?;
                }
            }
            if status != OrderStatus::Cancelled {
                self.orders.push(OrderFact {
                    id,
                    at: ordered,
                    cents,
                    returned: status == OrderStatus::Returned,
                });
            }
            if status == OrderStatus::Paid && chance(&mut self.rng, plan.dropout) {
                break;
            }
            at += exponential(&mut self.rng, rate_per_day.max(0.002)) * DAY as f64;
        }
        Ok(())
    }

    /// Which promotion (index) an order claims, if any, following the habit.
    fn promotion_for(
        &mut self,
        habit: PromoHabit,
        at: i64,
        first: bool,
        uses: &mut [u32; 8],
    ) -> Option<usize> {
        let promotions = &self.world.promotions;
        match habit {
            PromoHabit::Never => None,
            PromoHabit::Fair => {
                let chosen = if first
                    && uses[0] == 0
                    && promotions[0].runs_at(at)
                    && chance(&mut self.rng, 0.4)
                {
                    Some(0)
                } else {
                    let open: Vec<usize> = (1..promotions.len())
                        .filter(|&i| {
                            promotions[i].runs_at(at)
                                && promotions[i]
                                    .max_uses_per_customer
                                    .is_none_or(|max| uses[i] < max)
                        })
                        .collect();
                    if !open.is_empty() && chance(&mut self.rng, 0.45) {
                        Some(pick(&mut self.rng, &open))
                    } else {
                        None
                    }
                };
                if let Some(i) = chosen {
                    uses[i] += 1;
                }
                chosen
            }
            PromoHabit::Gaming => {
                let chosen = if chance(&mut self.rng, 0.45) {
                    // The first-order code again, whatever the order.
                    Some(0)
                } else if chance(&mut self.rng, 0.3) {
                    // A seasonal code used outside its dates or over its limit.
                    Some(between(&mut self.rng, 1, promotions.len() as i64 - 1) as usize)
                } else {
                    None
                };
                if let Some(i) = chosen {
                    uses[i] += 1;
                }
                chosen
            }
        }
    }

    /// Writes a term contract, its monthly invoices and its weekly usage; returns its id.
    pub fn contract(&mut self, plan: ContractPlan) -> Result<String, SampleError> {
        let id = self.ids.contract();
        let term_end = plan.start + i64::from(plan.term_months) * 3044 * DAY / 100;
        let ended = if term_end < self.world.as_of {
            Some(term_end)
        } else {
            None
        };
        let upfront = plan.upfront_cents.map(money).unwrap_or_default();
        let notice = if chance(&mut self.rng, 0.8) { "30" } else { "" };
        self.out.row(
            DataFile::Contracts,
            &[
                &id,
                &self.id,
                &date(plan.start),
                &plan.term_months.to_string(),
                &money(plan.fee_cents),
                CURRENCY,
                &upfront,
                notice,
                &ended.map(date).unwrap_or_default(),
            ],
        )?;
        let stop = ended
            .unwrap_or(self.world.as_of)
            .min(self.world.as_of - DAY);
        let mut month = 0i64;
        loop {
            let billed = plan.start + month * 3044 * DAY / 100 + 6 * 3600;
            if billed >= stop || plan.fee_cents <= 0 {
                break;
            }
            let order = self.ids.order();
            let margin = if chance(&mut self.rng, 0.1) {
                String::new()
            } else {
                money(plan.fee_cents * 55 / 100)
            };
            self.out.row(
                DataFile::Orders,
                &[
                    &order,
                    &self.id,
                    &timestamp(billed),
                    &money(plan.fee_cents),
                    CURRENCY,
                    &margin,
                    &id,
                    "",
                    OrderStatus::Paid.as_str(),
                ],
            )?;
            self.orders.push(OrderFact {
                id: order,
                at: billed,
                cents: plan.fee_cents,
                returned: false,
            });
            month += 1;
        }
        let weeks = ((stop - plan.start) / (7 * DAY)).max(0);
        let outage_from = between(&mut self.rng, 0, weeks.max(1));
        for week in 0..weeks {
            let (used, level) = match plan.usage {
                UsagePattern::Regular(level) => (chance(&mut self.rng, 0.9), level),
                UsagePattern::Interrupted(level) => (
                    !(outage_from..outage_from + 4).contains(&week) && chance(&mut self.rng, 0.85),
                    level,
                ),
                UsagePattern::Fading(weeks_used) => {
                    if week < i64::from(weeks_used) {
                        (chance(&mut self.rng, 0.6), 2.0)
                    } else {
                        (chance(&mut self.rng, 0.015), 0.5)
                    }
                }
            };
            if used {
                let day = plan.start + week * 7 * DAY + between(&mut self.rng, 0, 6) * DAY;
                if day >= stop {
                    break;
                }
                let quantity = (lognormal(&mut self.rng, level, 0.5) * 10.0)
                    .round()
                    .max(1.0)
                    / 10.0;
                self.out.row(
                    DataFile::Usage,
                    &[&self.id, &id, &date(day), &format!("{quantity:.1}")],
                )?;
            }
        }
        Ok(id)
    }

    /// A staff id of this customer's language desk, and that person's first name.
    fn staff(&mut self) -> (String, &'static str) {
        let number = between(&mut self.rng, 1, 14) as usize;
        (
            format!("{}-{number:02}", self.book.code),
            self.book.staff_names[number % self.book.staff_names.len()],
        )
    }

    /// An order of this customer for a message or concession to mention.
    fn some_order(&mut self, before: i64) -> Option<OrderFact> {
        let earlier = self.orders.iter().rposition(|o| o.at <= before)?;
        let lookback = between(&mut self.rng, 0, 2) as usize;
        Some(self.orders[earlier.saturating_sub(lookback)].clone())
    }

    /// Writes a ticket and its conversation; returns the ticket id.
    pub fn ticket(&mut self, plan: TicketPlan) -> Result<String, SampleError> {
        let id = self.ids.ticket();
        let (agent, agent_name) = self.staff();
        let order = self.some_order(plan.opened);
        let order_number = match &order {
            Some(o) => o.id.clone(),
            None => format!("{}", between(&mut self.rng, 100_000, 999_999)),
        };
        let amount = order
            .as_ref()
            .map(|o| money(o.cents))
            .unwrap_or_else(|| money(between(&mut self.rng, 1500, 25_000)));
        let recent = plan.opened > self.world.as_of - 21 * DAY;
        let outcome = if recent {
            TicketOutcome::Open
        } else {
            plan.outcome
        };
        let slots = Slots {
            order: &order_number,
            ticket: &id,
            staff: agent_name,
            amount: &amount,
        };

        let mut at = plan.opened;
        let mut last = at;
        let mut previous_hostile = false;
        let messages = plan.messages;
        for index in 0..messages {
            if index > 0 {
                at += (lognormal(&mut self.rng, 3.0 * 3600.0, 1.0) as i64).clamp(300, 2 * DAY);
            }
            if at >= self.world.as_of - 3600 {
                break;
            }
            last = at;
            let is_last = index + 1 == messages;
            let (author, staff_id, text) = if index % 2 == 0 {
                let (text, hostile) = self.customer_text(plan, index / 2, is_last, outcome, &slots);
                previous_hostile = hostile;
                (Author::Customer, "", text)
            } else {
                let text =
                    self.staff_text(plan, index / 2, is_last, outcome, previous_hostile, &slots);
                (Author::Staff, agent.as_str(), text)
            };
            let message_id = self.ids.message();
            let language = if chance(&mut self.rng, 0.9) {
                self.book.code
            } else {
                ""
            };
            self.out.row(
                DataFile::Messages,
                &[
                    &message_id,
                    &id,
                    &timestamp(at),
                    author.as_str(),
                    staff_id,
                    language,
                    &text,
                ],
            )?;
        }

        let closed = if outcome == TicketOutcome::Open {
            None
        } else {
            Some(
                (last + (lognormal(&mut self.rng, 2.0 * 3600.0, 1.0) as i64).clamp(60, 3 * DAY))
                    .min(self.world.as_of - 60),
            )
        };
        let base = match plan.escalation {
            EscalationLevel::Agent => 11.0,
            EscalationLevel::Lead => 24.0,
            EscalationLevel::Manager => 42.0,
            EscalationLevel::Executive => 65.0,
        };
        let minutes = (lognormal(&mut self.rng, base, 0.5) * plan.effort
            + 3.0 * f64::from(messages)
            + 9.0 * f64::from(plan.reopened))
        .round() as i64;
        let csat = self.csat(plan, outcome);
        match plan.root_cause {
            Some(RootCause::Company) => self.company_causes += 1,
            Some(RootCause::Customer | RootCause::ThirdParty) => self.other_causes += 1,
            _ => {}
        }
        let reopened = if plan.reopened == 0 && chance(&mut self.rng, 0.3) {
            String::new()
        } else {
            plan.reopened.to_string()
        };
        self.out.row(
            DataFile::Tickets,
            &[
                &id,
                &self.id,
                &timestamp(plan.opened),
                &closed.map(timestamp).unwrap_or_default(),
                plan.channel.as_str(),
                plan.category,
                plan.escalation.as_str(),
                &minutes.to_string(),
                &reopened,
                &agent,
                team_for(plan.category),
                &csat.map(|c| c.to_string()).unwrap_or_default(),
                plan.root_cause.map(|c| c.as_str()).unwrap_or(""),
                flag(plan.out_of_scope),
                flag(plan.unsupported),
                outcome.as_str(),
            ],
        )?;
        Ok(id)
    }

    /// A customer's message in a ticket, and whether it is aimed at staff.
    fn customer_text(
        &mut self,
        plan: TicketPlan,
        turn: u32,
        is_last: bool,
        outcome: TicketOutcome,
        slots: &Slots,
    ) -> (String, bool) {
        let book = self.book;
        let rng = &mut self.rng;
        // Whether the customer writes again later in this ticket: a hostile
        // customer may start calmly only if the hostile message still follows.
        let more_to_say = 2 * turn + 2 < plan.messages;
        let (list, hostile): (&[&str], bool) = match (plan.mood, turn) {
            (Mood::Polite, 0) => match plan.topic {
                Some(topic) => (&book.polite[topic % book.polite.len()..][..1], false),
                None => (book.polite, false),
            },
            (Mood::Polite, _) if is_last && outcome == TicketOutcome::Resolved => {
                (book.thanks, false)
            }
            (Mood::Polite, _) => (book.follow_up, false),
            (Mood::Frustrated, 0) => (book.frustrated, false),
            (Mood::Frustrated, _) => (
                if chance(rng, 0.6) {
                    book.frustrated
                } else {
                    book.follow_up
                },
                false,
            ),
            (Mood::Demanding, _) => (book.demanding, false),
            (Mood::Abusive, 0) if more_to_say && chance(rng, 0.5) => (book.frustrated, false),
            (Mood::Abusive, _) => (book.abusive, true),
            (Mood::Threat, 0) if more_to_say && chance(rng, 0.5) => (book.demanding, false),
            (Mood::Threat, _) => (
                if chance(rng, 0.75) {
                    book.threat
                } else {
                    book.abusive
                },
                true,
            ),
            (Mood::RefundClaim, _) => (book.refund_claim, false),
            (Mood::Cancel, 0) => (book.cancel, false),
            (Mood::Cancel, _) => (
                if chance(rng, 0.5) {
                    book.cancel
                } else {
                    book.follow_up
                },
                false,
            ),
            (Mood::Unsupported, 0) => (book.unsupported, false),
            (Mood::Unsupported, _) => (
                if chance(rng, 0.5) {
                    book.unsupported
                } else {
                    book.follow_up
                },
                false,
            ),
            (Mood::PromoException, 0) => (book.promo_exception, false),
            (Mood::PromoException, _) => (
                if chance(rng, 0.5) {
                    book.promo_exception
                } else {
                    book.demanding
                },
                false,
            ),
        };
        let greeting_chance = match plan.mood {
            Mood::Polite | Mood::Cancel | Mood::Unsupported => 0.85,
            Mood::Demanding | Mood::PromoException | Mood::RefundClaim => 0.5,
            Mood::Frustrated => 0.3,
            Mood::Abusive | Mood::Threat => 0.08,
        };
        let greeting = if turn == 0 && chance(rng, greeting_chance) {
            Some(pick(rng, book.greetings))
        } else {
            None
        };
        let first = pick(rng, list);
        let mut cores = vec![first];
        if chance(rng, 0.3) {
            let second = pick(rng, list);
            if second != first {
                cores.push(second);
            }
        }
        let sign_off = if chance(rng, greeting_chance * 0.7) {
            Some(pick(rng, book.sign_offs))
        } else {
            None
        };
        let text = compose(rng, book, greeting, &cores, sign_off, slots);
        (roughen(rng, book, text), hostile)
    }

    /// A staff reply in a ticket.
    fn staff_text(
        &mut self,
        plan: TicketPlan,
        turn: u32,
        is_last: bool,
        outcome: TicketOutcome,
        previous_hostile: bool,
        slots: &Slots,
    ) -> String {
        let book = self.book;
        let rng = &mut self.rng;
        let mut cores: Vec<&str> = Vec::with_capacity(2);
        if previous_hostile {
            cores.push(pick(rng, book.staff_calm));
        } else if turn == 0 && plan.root_cause == Some(RootCause::Company) {
            cores.push(pick(rng, book.staff_apology));
        }
        let closing = is_last || turn >= 1;
        let core = if closing {
            match outcome {
                _ if plan.mood == Mood::Unsupported => pick(rng, book.staff_unsupported),
                TicketOutcome::Resolved => match resolution_for(plan.category) {
                    Some(index) => book.staff_resolved[index],
                    None => pick(rng, book.staff_resolved),
                },
                TicketOutcome::Declined if plan.mood == Mood::PromoException => {
                    book.staff_declined[PROMOTION_DECLINE]
                }
                TicketOutcome::Declined => {
                    let index = between(rng, 0, book.staff_declined.len() as i64 - 2) as usize;
                    // Skip the promotion refusal for other demands.
                    book.staff_declined[if index >= PROMOTION_DECLINE {
                        index + 1
                    } else {
                        index
                    }]
                }
                TicketOutcome::Unresolved if plan.unsupported == Some(true) => {
                    pick(rng, book.staff_unsupported)
                }
                _ => pick(rng, book.staff_ack),
            }
        } else if plan.escalation >= EscalationLevel::Manager {
            pick(rng, book.staff_escalated)
        } else {
            pick(rng, book.staff_ack)
        };
        cores.push(core);
        let greeting = if chance(rng, 0.7) {
            Some(pick(rng, book.staff_greetings))
        } else {
            None
        };
        let sign_off = if chance(rng, 0.85) {
            Some(pick(rng, book.staff_sign_offs))
        } else {
            None
        };
        compose(rng, book, greeting, &cores, sign_off, slots)
    }

    /// The satisfaction score the customer gave, if they answered the survey.
    fn csat(&mut self, plan: TicketPlan, outcome: TicketOutcome) -> Option<u8> {
        if outcome == TicketOutcome::Open || !chance(&mut self.rng, 0.55) {
            return None;
        }
        let score = match (plan.mood, outcome) {
            (Mood::Abusive | Mood::Threat, _) => 1,
            (_, TicketOutcome::Resolved) if plan.root_cause != Some(RootCause::Company) => {
                between(&mut self.rng, 3, 5)
            }
            (_, TicketOutcome::Resolved) => between(&mut self.rng, 2, 4),
            (Mood::Polite, _) => between(&mut self.rng, 2, 4),
            _ => between(&mut self.rng, 1, 3),
        };
        Some(score as u8)
    }

    /// Writes a concession.
    #[allow(clippy::too_many_arguments)]
    pub fn concession(
        &mut self,
        kind: ConcessionKind,
        cents: i64,
        at: i64,
        reason: &str,
        ticket: Option<&str>,
        order: Option<&str>,
        promotion: Option<&str>,
    ) -> Result<(), SampleError> {
        let id = self.ids.concession();
        let approver = if chance(&mut self.rng, 0.8) {
            self.staff().0
        } else {
            String::new()
        };
        let at = at.min(self.world.as_of - 60);
        self.out.row(
            DataFile::Concessions,
            &[
                &id,
                &self.id,
                &timestamp(at),
                kind.as_str(),
                &money(cents.max(1)),
                CURRENCY,
                reason,
                ticket.unwrap_or(""),
                order.unwrap_or(""),
                promotion.unwrap_or(""),
                &approver,
            ],
        )
    }

    /// Writes a public review by this customer, answered by the business with the given chance.
    pub fn review(&mut self, rating: u8, at: i64, answered_chance: f64) -> Result<(), SampleError> {
        let answered = chance(&mut self.rng, answered_chance);
        write_review(
            self.out,
            self.ids,
            &mut self.rng,
            self.book,
            Some(&self.id),
            rating,
            at,
            answered,
            self.world.as_of,
        )
    }

    /// Writes a staff report about this customer.
    pub fn report(
        &mut self,
        kind: StaffReportKind,
        at: i64,
        note: &str,
    ) -> Result<(), SampleError> {
        let id = self.ids.report();
        let staff = self.staff().0;
        self.out.row(
            DataFile::StaffReports,
            &[&id, &self.id, &staff, &timestamp(at), kind.as_str(), note],
        )
    }

    /// The customer's paid orders so far.
    pub fn paid_orders(&self) -> impl Iterator<Item = &OrderFact> {
        self.orders.iter().filter(|o| !o.returned)
    }

    /// Whether the tickets written so far show company fault: most known root causes are the company's.
    pub fn company_fault(&self) -> bool {
        self.company_causes > 0 && self.company_causes > self.other_causes
    }
}

/// Writes a review (of a known customer or an anonymous one).
#[allow(clippy::too_many_arguments)]
pub fn write_review(
    out: &mut Output,
    ids: &mut Ids,
    rng: &mut Rand,
    book: &Phrasebook,
    customer: Option<&str>,
    rating: u8,
    at: i64,
    answered: bool,
    as_of: i64,
) -> Result<(), SampleError> {
    let id = ids.review();
    let source = weighted(rng, &[("google", 5), ("trustpilot", 3), ("facebook", 2)]);
    let list = match rating {
        4..=5 => book.review_good,
        3 => book.review_mixed,
        _ => book.review_bad,
    };
    let text = if chance(rng, 0.9) {
        let review = pick(rng, list).to_string();
        roughen(rng, book, review)
    } else {
        String::new()
    };
    let url = if chance(rng, 0.8) {
        format!("https://reviews.example.com/{source}/{}", id.to_lowercase())
    } else {
        String::new()
    };
    let responded = at + between(rng, 3600, 4 * DAY);
    let responded = if answered && responded < as_of {
        timestamp(responded)
    } else {
        String::new()
    };
    out.row(
        DataFile::Reviews,
        &[
            &id,
            customer.unwrap_or(""),
            source,
            &timestamp(at),
            &rating.to_string(),
            &text,
            &url,
            &responded,
        ],
    )
}

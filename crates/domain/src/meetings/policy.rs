//! Who may read and do what in the meetings context. Everything that shows a
//! forum, a meeting, an agenda item, minutes or a decision asks here: the
//! pages, the API, search, the start page, mail, calendar feeds, PDFs and the
//! programme's links to decisions.
//!
//! The rules, from seed 002: a forum's meetings are read by its readers (its
//! members, every leader, or everyone) and the secretariat. A closed item
//! (personnel matters and the like) is read only by the forum's members and
//! the secretariat, and so is everything that comes of it: its minute and its
//! decision. Draft minutes are read by the members, who approve them, and the
//! secretariat, who write them. A decision is read by the forum's readers, by
//! the groups it is communicated to, and by the leaders of the units it
//! reaches, down to the outermost link.

use super::agenda::ItemStatus;
use super::decision::Communicate;
use super::forum::{Forum, Membership};
use crate::access::{Role, Viewer};

impl Viewer {
    /// Set up forums, generate, move and cancel meetings, build agendas,
    /// write minutes and follow-up actions: the secretariat.
    pub fn can_manage_meetings(&self) -> bool {
        self.is_admin() || self.has(Role::Secretariat)
    }

    /// Whether the viewer is a member of a forum.
    pub fn is_member(&self, m: &Membership) -> bool {
        self.person.is_some_and(|p| m.includes(p, &self.led_kinds))
    }

    /// Read a forum's meetings and agendas: its readers, and the secretariat.
    pub fn can_read_forum(&self, f: &Forum) -> bool {
        self.can_manage_meetings() || f.readers.includes(self.is_member(&f.membership), self.is_leader())
    }

    /// Propose an item to a forum.
    pub fn can_propose(&self, f: &Forum) -> bool {
        self.can_manage_meetings() || f.proposers.includes(self.is_member(&f.membership), self.is_leader())
    }

    /// Read a forum's closed items, their minutes and decisions: only its
    /// members and the secretariat.
    pub fn can_read_closed(&self, f: &Forum) -> bool {
        self.can_manage_meetings() || self.is_member(&f.membership)
    }

    /// How much of an agenda item the viewer sees.
    pub fn item_view(&self, f: &Forum, item: &ItemFacts) -> ItemView {
        if self.is_person(item.proposer) {
            return ItemView::Full;
        }
        match item.status {
            ItemStatus::Placed if !self.can_read_forum(f) => ItemView::Nothing,
            ItemStatus::Placed if item.closed && !self.can_read_closed(f) => ItemView::NumberOnly,
            ItemStatus::Placed => ItemView::Full,
            // Proposals not (or no longer) on an agenda: the secretariat
            // handles them; nobody else has been told of them.
            ItemStatus::Proposed | ItemStatus::Deferred | ItemStatus::Declined if self.can_manage_meetings() => ItemView::Full,
            ItemStatus::Proposed | ItemStatus::Deferred | ItemStatus::Declined => ItemView::Nothing,
        }
    }

    /// Read a meeting's minutes: approved ones are for the forum's readers
    /// (closed items hidden as on the agenda); a draft only for the members,
    /// who approve it, and the secretariat, who writes it.
    pub fn can_read_minutes(&self, f: &Forum, approved: bool) -> bool {
        if approved { self.can_read_forum(f) } else { self.can_read_closed(f) }
    }

    /// Mark a follow-up action done or open again: its owner and the secretariat.
    pub fn can_close_action(&self, owner: Option<i64>) -> bool {
        self.can_manage_meetings() || self.is_person(owner)
    }

    /// Add follow-up actions to a decision: the secretariat.
    pub fn can_add_actions(&self) -> bool {
        self.can_manage_meetings()
    }

    /// Report how far a unit has come with a decision: the unit's own leader.
    pub fn can_report_for(&self, unit: i64) -> bool {
        self.leads(unit)
    }

    /// The groups decisions are communicated to that this person belongs to:
    /// every employee, and the leaders when they lead a unit.
    pub fn audiences(&self) -> Vec<Communicate> {
        if self.is_leader() { vec![Communicate::Employees, Communicate::Leaders] } else { vec![Communicate::Employees] }
    }
}

/// What the rules need to know about an agenda item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemFacts {
    pub status: ItemStatus,
    pub closed: bool,
    pub proposer: Option<i64>,
}

/// How much of an agenda item a viewer sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemView {
    /// Title, texts, attachments, minute.
    Full,
    /// A closed item of a forum the viewer reads: its place on the agenda
    /// and that it is closed, nothing more.
    NumberOnly,
    /// Not shown at all.
    Nothing,
}

/// What the rules need to know about a decision, besides the units it reaches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecisionHead {
    pub forum: i64,
    /// Made on a closed item.
    pub closed: bool,
    pub communicate: Communicate,
}

/// Which decisions a viewer may read: one value that filters in Rust
/// (`allows`) and that the store turns into its SQL condition, so the
/// register, a single decision, search, the start page, mail and the API
/// cannot disagree.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecisionScope {
    /// Every forum and every closed item: the secretariat, who are spared a
    /// condition tested on every row.
    every: bool,
    /// The forums the viewer reads.
    forums: Vec<i64>,
    /// The forums whose closed items the viewer reads.
    closed_forums: Vec<i64>,
    /// The groups the viewer belongs to.
    audiences: Vec<Communicate>,
    /// The units the viewer leads and every unit below them.
    units: Vec<i64>,
}

impl DecisionScope {
    /// The viewer's scope, given the tenant's forums and its unit tree as
    /// (unit, parent) pairs.
    pub fn of(v: &Viewer, forums: &[Forum], tree: &[(i64, Option<i64>)]) -> DecisionScope {
        let readable: Vec<i64> = forums.iter().filter(|f| v.can_read_forum(f)).map(|f| f.id).collect();
        let closed: Vec<i64> = forums.iter().filter(|f| v.can_read_closed(f)).map(|f| f.id).collect();
        let every = v.can_manage_meetings() || (!forums.is_empty() && readable.len() == forums.len() && closed.len() == forums.len());
        let units = if v.leads.is_empty() { vec![] } else { super::decision::reach(&v.leads, tree) };
        DecisionScope { every, forums: readable, closed_forums: closed, audiences: v.audiences(), units }
    }

    /// What is news to the viewer: the decisions communicated to a group
    /// they belong to, and no others (closed ones still only for those who
    /// may read them). The start page's "Nyt fra …" and the digest mail.
    pub fn news(v: &Viewer, forums: &[Forum]) -> DecisionScope {
        let closed = forums.iter().filter(|f| v.can_read_closed(f)).map(|f| f.id).collect();
        DecisionScope { every: false, forums: vec![], closed_forums: closed, audiences: v.audiences(), units: vec![] }
    }

    /// Whether the viewer may read a decision that reaches `reached` units.
    pub fn allows(&self, d: &DecisionHead, reached: &[i64]) -> bool {
        if self.every {
            return true;
        }
        if d.closed && !self.closed_forums.contains(&d.forum) {
            return false;
        }
        self.forums.contains(&d.forum) || self.audiences.contains(&d.communicate) || reached.iter().any(|u| self.units.contains(u))
    }

    /// Whether `allows` turns on the units a decision reaches, so they need
    /// to be read; otherwise it is decided by the head alone.
    pub fn needs_units(&self, d: &DecisionHead) -> bool {
        !self.units.is_empty() && !self.allows(d, &[]) && (!d.closed || self.closed_forums.contains(&d.forum))
    }

    pub fn every(&self) -> bool {
        self.every
    }
    pub fn forums(&self) -> &[i64] {
        &self.forums
    }
    pub fn closed_forums(&self) -> &[i64] {
        &self.closed_forums
    }
    pub fn audiences(&self) -> &[Communicate] {
        &self.audiences
    }
    pub fn units(&self) -> &[i64] {
        &self.units
    }
    /// Whether the viewer reads a forum's meetings.
    pub fn reads_forum(&self, forum: i64) -> bool {
        self.every || self.forums.contains(&forum)
    }
    /// Whether the viewer reads a forum's closed items.
    pub fn reads_closed(&self, forum: i64) -> bool {
        self.every || self.closed_forums.contains(&forum)
    }
    /// Whether the viewer sees a follow-up action of a forum: one they read,
    /// and, when the action carries out a closed item's decision, whose
    /// closed items they read. (An owner sees their own actions wherever
    /// they come from; that list is not asked through a scope.)
    pub fn allows_action(&self, forum: i64, decision_closed: bool) -> bool {
        self.reads_forum(forum) && (!decision_closed || self.reads_closed(forum))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meetings::cadence::Cadence;
    use crate::meetings::chair::ChairRule;
    use crate::meetings::forum::Audience;
    use crate::org::UnitKind;

    fn forum(id: i64, readers: Audience, m: Membership) -> Forum {
        Forum {
            id,
            name: format!("forum {id}"),
            purpose: String::new(),
            membership: m,
            chair: ChairRule::None,
            secretary_person_id: None,
            cadence: Cadence::AdHoc,
            duration_minutes: 60,
            place: String::new(),
            parts: vec![],
            formal: true,
            follow_up: true,
            proposal_days: 7,
            publish_days: 3,
            readers,
            proposers: Audience::Members,
            reports_to_forum_id: None,
        }
    }

    fn board() -> Forum {
        forum(1, Audience::Members, Membership { people: vec![100], leaders_of: vec![UnitKind::Directorate] })
    }

    fn group() -> Forum {
        forum(2, Audience::Leaders, Membership { people: vec![], leaders_of: vec![UnitKind::Centre, UnitKind::Directorate] })
    }

    // 1 municipality > 2 directorate > 3 centre > (4, 5) operating units.
    const TREE: [(i64, Option<i64>); 5] = [(1, None), (2, Some(1)), (3, Some(2)), (4, Some(3)), (5, Some(3))];

    fn head(forum: i64, closed: bool, communicate: Communicate) -> DecisionHead {
        DecisionHead { forum, closed, communicate }
    }

    #[test]
    fn forum_readers() {
        let m = Membership { people: vec![], leaders_of: vec![UnitKind::Centre] };
        let chief = Viewer::new(Some(10), vec![], [(4, UnitKind::Centre)]);
        let unit_leader = Viewer::new(Some(11), vec![], [(9, UnitKind::OperatingUnit)]);
        let employee = Viewer::new(Some(12), vec![], []);
        assert!(chief.can_read_forum(&forum(1, Audience::Members, m.clone())));
        assert!(!unit_leader.can_read_forum(&forum(1, Audience::Members, m.clone())));
        assert!(unit_leader.can_read_forum(&forum(1, Audience::Leaders, m.clone())));
        assert!(!employee.can_read_forum(&forum(1, Audience::Leaders, m.clone())));
        assert!(employee.can_read_forum(&forum(1, Audience::Everyone, m)));
    }

    #[test]
    fn closed_decisions_stay_with_the_forum_whoever_they_are_communicated_to() {
        let employee = Viewer::new(Some(12), vec![], []);
        let forums = [board(), group()];
        let scope = DecisionScope::of(&employee, &forums, &TREE);
        assert!(scope.allows(&head(1, false, Communicate::Employees), &[]), "communicated to all employees");
        assert!(!scope.allows(&head(1, true, Communicate::Employees), &[]), "but not when made on a closed item");
        assert!(!scope.allows(&head(1, false, Communicate::Leaders), &[]));
        assert!(!DecisionScope::news(&employee, &forums).allows(&head(1, true, Communicate::Employees), &[]));
        let director = Viewer::new(Some(20), vec![], [(2, UnitKind::Directorate)]);
        assert!(DecisionScope::of(&director, &forums, &TREE).allows(&head(1, true, Communicate::None), &[]), "a member reads the forum's closed items");
        let secretariat = Viewer::new(None, vec![Role::Secretariat], []);
        assert!(DecisionScope::of(&secretariat, &forums, &TREE).every());
    }

    #[test]
    fn leaders_read_what_reaches_their_units_and_the_units_below() {
        let chief = Viewer::new(Some(30), vec![], [(3, UnitKind::Centre)]);
        let unit_leader = Viewer::new(Some(31), vec![], [(5, UnitKind::OperatingUnit)]);
        let forums = [board(), group()];
        let d = head(1, false, Communicate::None);
        let chief_scope = DecisionScope::of(&chief, &forums, &TREE);
        assert_eq!(chief_scope.units(), &[3, 4, 5]);
        assert!(chief_scope.allows(&d, &[4]), "a unit below the centre");
        assert!(!chief_scope.allows(&d, &[2]), "not the directorate above");
        let leader_scope = DecisionScope::of(&unit_leader, &forums, &TREE);
        assert!(leader_scope.needs_units(&d));
        assert!(leader_scope.allows(&d, &[5]) && !leader_scope.allows(&d, &[4]));
        assert!(!leader_scope.allows(&head(1, true, Communicate::None), &[5]), "a closed decision even when it reaches the unit");
        assert!(!leader_scope.needs_units(&head(1, true, Communicate::None)), "closed is decided without the units");
        assert!(!leader_scope.needs_units(&head(2, false, Communicate::None)), "a forum for all leaders is read anyway");
    }

    #[test]
    fn items_are_seen_in_full_in_part_or_not_at_all() {
        let forums = [board(), group()];
        let employee = Viewer::new(Some(12), vec![], []);
        let chief = Viewer::new(Some(30), vec![], [(3, UnitKind::Centre)]);
        let secretariat = Viewer::new(None, vec![Role::Secretariat], []);
        let placed_closed = ItemFacts { status: ItemStatus::Placed, closed: true, proposer: Some(99) };
        assert_eq!(chief.item_view(&forums[1], &placed_closed), ItemView::Full, "a member");
        let leader = Viewer::new(Some(31), vec![], [(5, UnitKind::OperatingUnit)]);
        assert_eq!(leader.item_view(&forums[1], &placed_closed), ItemView::NumberOnly, "a reader, not a member");
        assert_eq!(employee.item_view(&forums[1], &placed_closed), ItemView::Nothing);
        for status in [ItemStatus::Proposed, ItemStatus::Deferred, ItemStatus::Declined] {
            let open = ItemFacts { status, closed: false, proposer: Some(99) };
            assert_eq!(chief.item_view(&forums[1], &open), ItemView::Nothing, "{status:?} is between its proposer and the secretariat");
            assert_eq!(secretariat.item_view(&forums[1], &open), ItemView::Full);
            let own = Viewer::new(Some(99), vec![], []);
            assert_eq!(own.item_view(&forums[1], &open), ItemView::Full);
        }
    }

    #[test]
    fn drafts_are_for_members_and_the_secretariat() {
        let f = group();
        let chief = Viewer::new(Some(30), vec![], [(3, UnitKind::Centre)]);
        let leader = Viewer::new(Some(31), vec![], [(5, UnitKind::OperatingUnit)]);
        assert!(chief.can_read_minutes(&f, false) && chief.can_read_minutes(&f, true));
        assert!(!leader.can_read_minutes(&f, false) && leader.can_read_minutes(&f, true));
    }

    #[test]
    fn actions_and_reports() {
        let owner = Viewer::new(Some(5), vec![], [(4, UnitKind::OperatingUnit)]);
        assert!(owner.can_close_action(Some(5)) && !owner.can_close_action(Some(6)) && !owner.can_close_action(None));
        assert!(owner.can_report_for(4) && !owner.can_report_for(3));
        assert!(!owner.can_add_actions() && Viewer::new(None, vec![Role::Secretariat], []).can_add_actions());
    }
}

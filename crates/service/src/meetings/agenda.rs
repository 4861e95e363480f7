//! A meeting's items as the viewer may see them, and attachment downloads.
//! What the viewer may not read is taken out here, before any page, PDF,
//! feed or API sees it: a closed item of a forum the viewer reads keeps its
//! place and kind, nothing else.

use domain::meetings::ItemId;
use domain::meetings::policy::{ItemFacts, ItemView};
use store::meetings::agenda::{self as agenda_store, AttachmentMeta, FileStore, Item};
use store::meetings::{Forum, Meeting};

use crate::{Error, Req, Result};

/// What the policy needs to know about an item.
pub fn facts(i: &Item) -> ItemFacts {
    ItemFacts { status: i.status, closed: i.closed, proposer: i.proposer_person_id }
}

/// An item with how much of it the viewer sees; a closed item seen by
/// number only has its texts emptied.
pub struct Shown {
    pub item: Item,
    pub view: ItemView,
}

impl Shown {
    pub fn hidden(&self) -> bool {
        self.view == ItemView::NumberOnly
    }
}

/// A meeting's items the viewer may know of (the agenda in order, then
/// proposals and settled items), and the attachments of those they see in full.
pub struct MeetingItems {
    pub items: Vec<Shown>,
    pub attachments: Vec<AttachmentMeta>,
}

impl MeetingItems {
    /// The items on the agenda, in order.
    pub fn placed(&self) -> impl Iterator<Item = &Shown> {
        self.items.iter().filter(|s| s.item.is_placed())
    }
}

/// Empties what a reader who sees an item by number only may not read.
fn redact(mut i: Item) -> Item {
    i.title = String::new();
    i.recommendation = String::new();
    i.background = String::new();
    i.status_reason = String::new();
    i.perspective_key = None;
    i.value_key = None;
    i.proposer_person_id = None;
    i.presenter_person_id = None;
    i
}

/// The meeting's items as the viewer may see them.
pub async fn items(req: &Req<'_>, forum: &Forum, meeting: &Meeting) -> Result<MeetingItems> {
    let all = agenda_store::items_of_meeting(req.db(), req.tenant(), meeting.id).await?;
    let files = agenda_store::attachments_of_meeting(req.db(), req.tenant(), meeting.id).await?;
    let v = req.viewer();
    let mut items = vec![];
    for i in all {
        match v.item_view(forum, &facts(&i)) {
            ItemView::Nothing => {}
            ItemView::NumberOnly => items.push(Shown { item: redact(i), view: ItemView::NumberOnly }),
            ItemView::Full => items.push(Shown { item: i, view: ItemView::Full }),
        }
    }
    let attachments = files.into_iter().filter(|f| items.iter().any(|s| s.view == ItemView::Full && s.item.id == f.item_id)).collect();
    Ok(MeetingItems { items, attachments })
}

/// An attachment's description and bytes, when the viewer sees its item in
/// full: a proposal's only by its proposer and the secretariat until it is
/// on an agenda, a closed item's only by the forum's members.
pub async fn attachment(req: &Req<'_>, files: &FileStore, id: i64) -> Result<(AttachmentMeta, Vec<u8>)> {
    let (meta, data) = agenda_store::attachment(req.db(), files, req.tenant(), id).await?.ok_or(Error::NotFound)?;
    let item = agenda_store::item(req.db(), req.tenant(), meta.item_id).await?.ok_or(Error::NotFound)?;
    let r = req.reference().await?;
    let forum = r.forum(item.forum_id).ok_or(Error::NotFound)?;
    let full = req.viewer().item_view(forum, &facts(&item)) == ItemView::Full;
    req.allow(full, || format!("attachment:{id}")).await?;
    Ok((meta, data))
}

/// An item the secretariat acts on, with its meeting.
pub async fn managed_item(req: &Req<'_>, id: ItemId, what: &str) -> Result<(Item, Forum, Meeting)> {
    super::manage(req, || format!("item:{id}:{what}")).await?;
    let item = agenda_store::item(req.db(), req.tenant(), id).await?.ok_or(Error::NotFound)?;
    let (forum, meeting) = super::meeting(req, item.meeting_id).await?;
    Ok((item, forum, meeting))
}

/// Every forum's proposals waiting to be placed, declined or deferred, for
/// meetings still to come: for the secretariat, who place them.
pub async fn waiting_proposals(req: &Req<'_>) -> Result<Vec<Item>> {
    super::manage(req, || "proposals:waiting".into()).await?;
    Ok(agenda_store::waiting_proposals(req.db(), req.tenant(), req.now()).await?)
}

/// The viewer's own proposals, newest first.
pub async fn own_proposals(req: &Req<'_>) -> Result<Vec<Item>> {
    match req.viewer().person() {
        Some(p) => Ok(agenda_store::proposed_by(req.db(), req.tenant(), p).await?),
        None => Ok(vec![]),
    }
}

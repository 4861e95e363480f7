# English: the second language of styr.
app-name = styr
skip-to-content = Skip to content
switch-language = Dansk
main-menu = Main menu
menu = Menu
menu-close = Close the menu
breadcrumbs = Breadcrumbs
footer-text = styr – leadership and management in the municipality. Open source.
sign-in = Sign in
sign-out = Sign out
nav-home = Home
nav-org = Organisation
nav-people = People
nav-framework = Values and principles
nav-admin = Administration
role-admin = administrator
role-secretariat = secretariat
role-hr = HR
back-to-front = To the front page
error = Error
yes = Yes
no = No
none = None
search = Search
filter = Filter
previous = Previous
next = Next
pagination = Pages
page-of = Page { $page } of { $pages }
page-n = Page { $page }
error-forbidden-title = You do not have access
error-forbidden-text = This page or action needs rights you do not have. Contact an administrator if you think this is a mistake.
error-not-found-title = Page not found
error-not-found-text = We could not find what you were looking for. It may have been moved or deleted.
error-csrf-title = The form has expired
error-csrf-text = For your security the form was not sent. Go back, reload the page and try again.
error-bad-request-title = The request could not be read
error-bad-request-text = The address or the form held something styr cannot read. Go back and try again.
error-internal-title = Something went wrong
error-internal-text = Something went wrong on our side. Please try again shortly.
login-title = Sign in to styr
login-intro = Sign in with your work e-mail and your password.
login-email = E-mail
login-password = Password
login-failed = The e-mail or password is wrong.
login-wait = Too many failed attempts just now. Wait { $seconds ->
    [one] a second
   *[other] { $seconds } seconds
} and try again.
home-title = Welcome, { $name }
home-shortcuts = Shortcuts
home-org-text = Units, leaders and staff from the executive board to the outermost link.
home-framework-text = Vision, mission, values and the basis for leadership and followership.
home-people-text = Find a colleague, a leader or a unit.
home-me = My page
home-me-text = Your positions and your manager.
home-you-lead = Units you lead
org-title = Organisation
org-intro = { $count ->
    [one] The organisation has one unit.
   *[other] The organisation has { $count } units.
}
org-empty = There are no units yet. An administrator can import the organisation.
org-chart-link = See the organisation chart
org-tree-link = See the whole organisation as a tree
org-chart-title = Organisation chart
org-chart-intro = The executive board, the directorates and the centres.
leader = Leader
director = Director
centre-chief = Centre chief
people-count = { $count ->
    [one] { $count } person
   *[other] { $count } people
}
unit-kind-municipality = Municipality
unit-kind-executive_board = Executive board
unit-kind-directorate = Directorate
unit-kind-centre = Centre
unit-kind-operating_unit = Operating unit
position-leader = Leader
position-member = Staff
you-lead-unit = You lead this unit
unit-leader = Leader
unit-no-leader = No leader is registered for this unit.
unit-children = Units below
unit-people = Staff
unit-no-people = No staff are registered directly in this unit.
unit-staff-title = Staff list for leaders
unit-staff-text = As leader of this unit or a unit above it, you can download a list of everyone in this unit and the units below it.
unit-staff-download = Download staff list (CSV)
col-unit = Unit
col-units = Units
col-done-share = Implemented overall
col-kind = Kind
col-leader = Leader
col-people = People
col-name = Name
col-title = Title
col-email = E-mail
col-position = Position
col-version = Version
col-loaded = Loaded
col-by = By
col-source = Source file
col-row = Row
col-problem = Problem
col-when = When
col-who = Who
col-action = Action
col-target = What
col-detail = Details
people-title = People
people-search-label = Search for a person
people-search-hint = Name, e-mail or title, e.g. "teacher" or "Hansen".
people-found = { $count ->
    [one] One person found.
   *[other] { $count } people found.
}
person-managers = Manager
person-positions = Positions
person-no-positions = No positions are registered for this person.
framework-title = Values and principles
framework-none = No framework has been loaded yet.
framework-version = Version { $version }
framework-all-versions = All versions
framework-old-version = You are looking at an earlier version.
framework-see-current = See the version in force.
framework-contents = Contents
framework-vision = Vision
framework-mission = Mission
framework-vision-mission = Vision and mission
framework-principles = How we work
framework-principles-intro = For diversity to become our strength, we work:
framework-values = Values
framework-values-intro = We work from { $count } basic values. They describe how we fulfil the vision and the mission.
framework-perspectives = Four perspectives on the core task
framework-perspectives-intro = We look at the core task from four perspectives, all of them at play in our work together.
framework-in-practice = In practice:
framework-statements = Good leadership
framework-leadership-followership = Leadership and followership
framework-directions = Leading all the way round
framework-versions-title = Versions of the framework
framework-download-source = Download source
framework-loaded = Version { $version } is loaded and now in force.
framework-unchanged = The file equals version { $version }, which is in force. Nothing was changed.
framework-error-syntax = The file does not follow the format: { $detail }
framework-error-bad-key = The key "{ $detail }" may only hold lower-case letters a-z, digits and hyphens.
framework-error-duplicate-key = The key "{ $detail }" is used twice.
framework-error-empty-title = An element under "{ $detail }" has no title.
framework-error-encoding = The file must be saved as UTF-8.
admin-title = Administration
admin-import-text = Load or update units, people and leaders from a spreadsheet.
admin-framework-title = Load framework
admin-framework-text = Load a new version of the vision, mission, values and leadership principles.
admin-framework-intro = Choose a TOML file in styr's format. The version in force is kept, and the new one takes effect.
admin-framework-file = Framework file
admin-framework-hint = A .toml file. Download the current one as a template under Values and principles › All versions.
admin-framework-submit = Load framework
admin-audit-text = See who signed in, what changed, and what was refused.
import-title = Import organisation
import-intro = Load a spreadsheet with one row per position. Units are recognised by their path and people by their e-mail, so an updated file corrects instead of duplicating.
import-format-title = The file's format
import-format-text = CSV (semicolon or comma, UTF-8) or Excel (.xlsx). The first row holds headers, in Danish or English.
import-col-header = Header
import-col-meaning = Meaning
import-col-unit = The unit's path from the municipality down, separated by ">", e.g. "Ishøj Kommune > Direktionen > Center for Dagtilbud og Skole". Required.
import-col-name = The person's full name. Required.
import-col-email = The person's work e-mail. Required and unique.
import-col-title = Job title. Optional.
import-col-leader = "yes" if the person leads the unit; otherwise "no" or empty.
import-col-kind = The unit's kind (municipality, executive board, directorate, centre, operating unit). Optional; otherwise the level decides.
import-file-label = Spreadsheet
import-file-hint = A .csv or .xlsx file of at most 10 MB.
import-submit = Import
import-done = The import is complete.
import-summary = { $units_created } new and { $units_updated } changed units, { $people_created } new and { $people_updated } changed people, { $positions } positions.
import-nothing-changed = Nothing was changed.
import-errors-caption = Rows with errors
import-empty = The file holds no people.
import-missing-column = The file has no column "{ $column }".
import-bad-rows = { $count ->
    [one] One row has an error. Correct it and load the file again.
   *[other] { $count } rows have errors. Correct them and load the file again.
}
import-empty-unit = The unit is missing.
import-bad-unit-path = The unit path has an empty part (two ">" in a row, or ">" at the start or end).
import-empty-name = The name is missing.
import-bad-email = "{ $value }" is not a valid e-mail address.
import-bad-leader = "{ $value }" in the leader column must be "yes" or "no".
import-bad-unit-kind = "{ $value }" is not a known unit kind.
import-name-conflict = The same e-mail has another name in row { $first }.
import-duplicate-position = The person is already in the same unit in row { $first }.
import-second-root = The unit starts with "{ $value }", but every unit must sit under the same municipality as in the first row.
import-kind-conflict = The unit was given another kind in row { $first }.
import-second-leader = The unit already has a leader in row { $first }.
import-unsupported-type = This file type is not supported. Use .csv or .xlsx.
import-unreadable = The file could not be read. Save it again as .csv (UTF-8) or .xlsx.
upload-too-large = The file is too large. It may be at most { $mb } MB.
upload-missing = Choose a file.
audit-title = Audit log
audit-filter = Show
audit-all = All events
audit-auth = Sign-ins and sign-outs
audit-access = Refused requests
audit-org = Changes to the organisation
audit-framework = Changes to the framework
audit-account = User accounts
audit-meetings = Meetings, agendas and decisions
audit-programme = The work programme
audit-aarshjul = The annual wheel
audit-count = { $count ->
    [one] One event.
   *[other] { $count } events.
}
cli-import-ok = The import is complete: { $units_created } new and { $units_updated } changed units, { $people_created } new and { $people_updated } changed people, { $positions } positions.
cli-import-row = Row { $row }: { $message }
nav-meetings = Meetings
forums-title = Meeting forums
forums-intro = The standing meetings and working forms of the executive board and group management. You see the forums whose agendas and minutes you may read.
forums-none = You do not have access to any meeting forum.
col-forum = Forum
col-cadence = Cadence
col-chair = Chair
col-next-meeting = Next meeting
col-place = Place
duration-minutes = { $minutes } minutes
forum-secretary = Secretary
forum-form = Form
forum-formal = Formal agenda and minutes
forum-informal = No formal agenda or minutes
forum-deadlines = Deadlines
forum-deadlines-text = Items proposed at least { $proposal } days before the meeting; the agenda goes out { $publish } days before.
forum-readers = May read agendas and minutes
forum-proposers = May propose items
forum-parts = Parts of the meeting
audience-members = The forum's members
audience-leaders = All leaders
audience-everyone = All employees
meetings-upcoming = Coming meetings
meetings-none-upcoming = No meetings are planned.
meetings-past = Held meetings
meeting-cancelled = Cancelled
meeting-held = Held
meetings-plan = Plan meetings
meetings-generate = Create meetings from the cadence
meetings-generate-text = Meetings already created for a date are not created again, even if they were moved or cancelled. Public holidays are skipped.
field-from = From date
field-to = To date
field-date = Date
field-time = Time
field-minutes = Length in minutes
meetings-generate-submit = Create meetings
meeting-add = Add an extra meeting
meeting-add-text = A meeting outside the regular cadence, e.g. an extraordinary meeting.
meeting-add-submit = Add meeting
meetings-generated = { $count ->
    [one] One meeting was created.
   *[other] { $count } meetings were created.
}
meeting-added = The meeting was added.
meeting-moved = The meeting was moved. The chairs were assigned again.
meeting-cancelled-notice = The meeting was cancelled. The chairs were assigned again, so nobody loses a turn.
meeting-move = Move the meeting
meeting-move-submit = Move the meeting
meeting-cancel = Cancel the meeting
meeting-cancel-reason = Reason
meeting-cancel-hint = The reason is shown to the participants.
meeting-cancel-submit = Cancel the meeting
meeting-not-movable = A held or cancelled meeting cannot be moved.
meeting-not-cancellable = A held or already cancelled meeting cannot be cancelled.
conflict-title = Someone else changed the meeting
conflict-text = Someone else changed the meeting while you had the page open. Your change was not saved. The page now shows the meeting as it is; make your change again if it still applies.
meeting-when = { $weekday } { $day } { $month } { $year } { $time }
cadence-every-weeks = { $weeks ->
    [1] Every week on { $weekday }s at { $time }
   *[other] Every { $weeks } weeks on { $weekday }s at { $time }
}
cadence-times-per-year = { $times ->
    [1] Once a year
   *[other] { $times } times a year
}, on the { $nth ->
        [1] 1st
        [2] 2nd
        [3] 3rd
       *[other] { $nth }th
    } { $weekday } of the month at { $time }
cadence-yearly = Every year around { $day } { $month } at { $time }
cadence-ad-hoc = As needed
chair-fixed = { $name }
chair-rotation = In turn: { $names }
chair-none = No standing chair
weekday-1 = Monday
weekday-2 = Tuesday
weekday-3 = Wednesday
weekday-4 = Thursday
weekday-5 = Friday
weekday-6 = Saturday
weekday-7 = Sunday
month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
input-bad-date = Write a date as yyyy-mm-dd, e.g. 2026-12-01.
input-bad-time = Write a time as hh:mm, e.g. 09:30.
input-end-before-start = The end date is before the start date.
input-period-too-long = The period may be at most three years.
input-in-the-past = That time has passed. Choose a time in the future.
input-bad-minutes = The length must be between 5 and 2880 minutes.
input-required = This field is required.
input-too-long = The text is too long.
cadence-error-weeks = The number of weeks must be between 1 and 52.
cadence-error-times = The number of meetings a year must be between 1 and 52.
cadence-error-weekday = The weekday must be 1 (Monday) to 7 (Sunday).
cadence-error-nth = The week of the month must be 1 to 4.
cadence-error-date = That date does not exist.
holiday-nytaarsdag = New Year's Day
holiday-skaertorsdag = Maundy Thursday
holiday-langfredag = Good Friday
holiday-paaskedag = Easter Sunday
holiday-anden-paaskedag = Easter Monday
holiday-store-bededag = Great Prayer Day
holiday-kristi-himmelfartsdag = Ascension Day
holiday-pinsedag = Whit Sunday
holiday-anden-pinsedag = Whit Monday
holiday-grundlovsdag = Constitution Day
holiday-juleaftensdag = Christmas Eve
holiday-juledag = Christmas Day
holiday-anden-juledag = Boxing Day
holiday-nytaarsaftensdag = New Year's Eve
forum-members = Members
agenda-title = Agenda
agenda-published-at = The agenda was sent out { $at }.
agenda-not-published = The agenda has not been sent out yet.
agenda-empty = There are no items on the agenda yet.
agenda-publish = Send out the agenda
agenda-publish-text = Once the agenda is sent out, later changes are marked.
propose-link = Propose an item
propose-title = Propose an item
propose-intro = A proposal to { $forum }, the meeting { $when }.
propose-after-deadline = The deadline for proposals ({ $days } days before the meeting) has passed. You may still propose the item, but the secretariat may defer it to a later meeting.
propose-submit = Send the proposal
propose-meeting-closed = The meeting has been held or cancelled. Propose the item to a coming meeting.
propose-unknown-tag = Choose one of the options in the list.
form-has-errors = The form has errors. Correct the marked fields.
proposal-sent = Your proposal was sent. You can follow it here.
proposals-title = My proposals
proposals-intro = The items you have proposed and what became of them.
proposals-none = You have not proposed any items.
proposals-for-meeting = Proposals for the meeting
items-settled = Deferred and declined proposals
col-status = Status
item-title = Title
item-kind = Type of item
item-kind-decision = For decision
item-kind-discussion = For discussion
item-kind-information = For information
item-recommendation = Recommendation
item-recommendation-hint = What the item proposes the forum decides. Required for items for decision.
item-background = Background
item-minutes-needed = Time in minutes
item-minutes = { $minutes } min.
item-presenter = Presented by { $name }
item-proposed-by = Proposed by { $name }
item-closed = Closed item
item-closed-label = Closed item (only the forum's members may read it)
item-closed-hidden = Closed item
item-changed-after-publish = Changed after sending
item-perspective = Perspective on the core task
item-value = Value
item-attachments = Attachments
item-attachments-hint = PDF, Word or Excel, at most { $mb } MB a file.
item-part = Part of the meeting
item-place = Put on the agenda
item-defer-to = Defer to
item-defer = Defer
item-decline = Decline
item-reason = Reason
item-move-up = Move up
item-move-down = Move down
item-status-proposed = Proposed
item-status-placed = On the agenda
item-status-deferred = Deferred
item-status-declined = Declined
item-outcome-placed = The item was put on the agenda.
item-outcome-declined = The proposal was declined, and the proposer can see the reason.
item-outcome-deferred = The item was deferred to the chosen meeting.
item-outcome-moved = The order was changed.
item-outcome-published = { $count ->
    [one] The agenda was sent to one member.
   *[other] The agenda was sent to { $count } members.
}
item-outcome-resent = { $count ->
    [one] The changed agenda was sent to one member.
   *[other] The changed agenda was sent to { $count } members.
}
item-outcome-nothing-changed = Nothing has changed since the agenda was sent out, so nothing was sent.
item-edit = Edit the item
item-edit-title = Edit the item
item-edit-save = Save the changes
item-edit-published = The agenda has been sent out. The change is marked on the agenda, and you can send the changed agenda to the members afterwards.
item-edit-reason = Why is the item changed?
item-edit-reason-hint = The reason is kept in the log with the change.
item-edit-reason-missing = Say why the item is changed, as the agenda has been sent out.
item-outcome-edited = The item was changed.
item-take-off = Take the item off the agenda
item-take-off-reason = Why is the item taken off the agenda?
item-take-off-confirm = Take it off
item-outcome-meeting-over = The meeting is held or cancelled, so the agenda is not sent.
agenda-change-placed = placed on the agenda
agenda-change-declined = taken off the agenda
agenda-change-deferred = deferred to a later meeting
agenda-change-proposed = proposed
item-outcome-conflict = Someone else changed the item while you had the page open. Nothing was saved; see the item as it is now.
item-outcome-reason-missing = Write a reason. Nothing was changed.
item-outcome-bad-target = Choose a later, planned meeting of the same forum. Nothing was changed.
item-outcome-settled = The item has already been dealt with and cannot be changed that way. Nothing was changed.
meeting-change = Change the meeting
attachment-too-large = The file is too large.
attachment-empty = The file is empty.
attachment-wrong-type = Attachments must be PDF, Word or Excel.
attachment-not-what-it-says = The file's content does not match its type.
agenda-error-kind = Choose the type of item.
agenda-error-recommendation = An item for decision needs a recommendation.
agenda-error-minutes = The time must be between 5 and 240 minutes.
minutes-title = Minutes
minutes-none = No minutes have been written yet.
minutes-draft = The minutes are a draft and not approved.
minutes-approved-at = The minutes were approved { $at } by { $by } and can now only be corrected with a reason.
minutes-revision = Correction { $n }, { $at }: { $reason }
minutes-attendees = Attendees
minutes-absent = Absent
minutes-actions = Follow-up tasks
minutes-actions-hint = Write the tasks here. They become the decision's follow-up tasks when the minutes are approved. Save the draft to add more.
minutes-action-what = Task { $n }
minutes-outcome-bad-action = A follow-up task has no deadline, a deadline before the meeting, or an owner who cannot be chosen. Nothing was saved.
minutes-decision = Decision
minutes-gist = Summary
minutes-save = Save draft
minutes-approve = Approve the minutes
minutes-approve-text = Once approved, the minutes are locked and the decisions are sent to the units they concern.
minutes-approve-open = Approve the minutes …
minutes-approve-title = Approve the minutes
minutes-approve-decisions = { $count ->
    [0] Approving makes no decisions
    [one] Approving makes one decision
   *[other] Approving makes { $count } decisions
}
minutes-approve-no-decisions = No item for decision has a decision text.
minutes-approve-reaches = { $count ->
    [one] reaches one unit
   *[other] reaches { $count } units
}
minutes-approve-without-text = These items for decision have no decision text. They make no decision, and follow-up tasks written under them are not created:
minutes-approve-confirm = Yes, approve the minutes
minutes-correct = Correct the approved minutes
minutes-correct-reason = Reason for the correction
minutes-correct-submit = Save the correction
minutes-outcome-saved = The draft was saved.
minutes-outcome-approved = The minutes were approved, and the decisions were sent to the units.
minutes-outcome-corrected = The correction was saved. The earlier text is kept.
minutes-outcome-conflict = Someone else changed the minutes while you had the page open. Nothing was saved; see the minutes as they are now.
minutes-outcome-frozen = The minutes are approved and locked. Use "Correct the approved minutes" with a reason.
minutes-outcome-not-yet = Minutes can be written once the meeting has begun.
minutes-outcome-too-long = A text is too long. Nothing was saved.
minutes-outcome-reason-missing = Write a reason for the correction. Nothing was changed.
minutes-outcome-not-approved = Only approved minutes can be corrected.
minutes-outcome-how-missing = Choose how the minutes were approved.
minutes-how = Approved
minutes-how-at_meeting = At a meeting (the forum's next meeting)
minutes-how-circulation = By circulation among the members
minutes-approved-at_meeting = Approved at a meeting.
minutes-approved-circulation = Approved by circulation.
decision-concerns = The decision concerns
decision-concerns-hint = Choose the whole organisation or one or more directorates and centres. The units below them receive the decision too.
decision-concerns-chosen = Chosen
decision-whole-organisation = The whole organisation
decision-communicate = To be communicated to
communicate-none = Nobody beyond the forum
communicate-leaders = All leaders
communicate-employees = All employees
decision-see = See the decision and its implementation
nav-decisions = Decisions
all = All
decisions-title = Decisions
decisions-intro = The decision register: every decision you may see, and how far it has come in the organisation.
decisions-found = { $count ->
    [one] One decision.
   *[other] { $count } decisions.
}
col-date = Date
col-decision = Decision
col-implemented = Implemented
col-note = Note
col-what = Task
col-owner = Owner
col-due = Due
decision-made = Decided at
decision-text = Decision
decision-recommendation = The recommendation put to the meeting
decision-percent = { $percent } % of the units have implemented it
decision-initiatives = Initiatives in the work programme
decision-initiative-unlink = Remove
decision-initiative-link = Link the decision to an initiative
decision-initiative-link-hint = The work programme's initiative the decision moves. The decision is then shown on the initiative's page.
decision-initiative-link-button = Link to the initiative
decision-outcome-linked = The decision is linked to the initiative.
decision-outcome-unlinked = The decision is no longer linked to the initiative.
decision-outcome-bad-initiative = The initiative does not exist. Nothing was changed.
decision-implementation = Implementation to the outermost link
decision-implementation-intro = Every unit the decision reaches, with its leader's latest report. A unit's leader acknowledges and reports here.
decision-by-centre = Progress by centre
decision-by-centre-intro = The decision reaches { $count } units. They are counted here by centre; choose a centre to see its units one by one.
decision-units-under = Units under { $unit }
decision-units-own = Your units
decision-units-close = Close the list and show only the overview
decision-report-for = Report for { $unit }
decision-report = Report
implementation-pending = Awaiting acknowledgement
implementation-acknowledged = Acknowledged
implementation-in_progress = Under way
implementation-implemented = Implemented
progress-decided = Decided
progress-awaiting_units = Awaiting units
progress-in_progress = Being implemented
progress-implemented = Implemented
actions-title = Follow-up
actions-intro = Follow-up tasks from the meetings: what, who, which unit and when. Missed deadlines are marked.
actions-for-decision = Follow-up tasks
actions-none = There are no follow-up tasks.
actions-show = Show
actions-open = Open tasks
actions-all = All tasks
actions-mine = My tasks
actions-found = { $count ->
    [one] One task.
   *[other] { $count } tasks.
}
action-add = Add a follow-up task
action-overdue = Overdue
action-status-open = Open
action-status-done = Done
action-mark-done = Mark as done
action-reopen = Reopen
decision-outcome-reported = Your report was saved.
decision-outcome-added = The task was added.
decision-outcome-closed = The task was marked as done.
decision-outcome-reopened = The task was opened again.
decision-outcome-conflict = Someone else changed the task meanwhile. Nothing was saved; see it as it is now.
decision-outcome-bad-status = Choose a valid status. Nothing was changed.
decision-outcome-not-yours = The decision does not reach that unit. Nothing was changed.
decision-outcome-bad-action = A task needs a description and a due date that has not passed. Nothing was changed.
home-for-you = For you
home-awaiting = Decisions your units are to acknowledge or report on
home-my-actions = Your follow-up tasks
home-due = due { $date }
home-tasks-none = nothing right now.
home-tasks-reports = Status reports you owe
home-tasks-meetings = Your meetings in the next four weeks
home-tasks-proposals = Your proposals
home-tasks-to-place = Proposals waiting for an agenda
home-tasks-to-approve = Minutes waiting for approval
proposals-waiting-title = Waiting proposals
proposals-waiting-intro = Every item proposed for a coming meeting that has not yet been placed on an agenda, declined or deferred. The oldest come first.
proposals-waiting-none = No proposals are waiting.
proposals-proposed-by = Proposed by { $name } on { $date }
proposals-late = Came in after the deadline
standing-follow-up = Standing item: follow-up on earlier decisions
standing-follow-up-none = There are no open follow-up tasks.
standing-follow-up-more = { $count } more open actions in the forum's follow-up list
calendar-mine-name = Meetings for { $name }
calendar-mine-download = Download my meetings for the calendar (.ics)
calendar-forum-download = Download the forum's meetings for the calendar (.ics)
calendar-meeting-download = Download the meeting for the calendar (.ics)
calendar-link-make = Make a subscription link for my calendar
calendar-link-title = Subscribe to your meetings
calendar-link-intro = Paste the address into Outlook (Add calendar › From internet) or Google Calendar (Other calendars › From URL). The calendar updates when meetings are moved or cancelled.
calendar-link-label = Address of your calendar
calendar-link-keep = The address gives access to your meetings without signing in. Do not share it.
search-title = Search
search-placeholder = Search meetings and decisions
search-label = Search agendas, minutes and decisions
search-hint = Every word must occur. Inflections and compounds are found too: "beslutning" finds "beslutningen", and "budget" finds "budgetopfølgningen".
search-found = { $count ->
    [one] One result.
   *[other] { $count } results.
}
search-showing = Results { $from }–{ $to }, newest first. Add words to narrow the search.
search-no-more = There are no more results.
search-elsewhere = Try also
search-elsewhere-people = Search people and units for the same words
search-elsewhere-decisions = Search the decision register, where you can narrow by forum, unit and date
search-elsewhere-programme = See the work programme's initiatives
search-elsewhere-aarshjul = See the årshjul
search-elsewhere-hint = Fewer words give more results. The beginning of a word is enough: "budget" also finds "budgetopfølgningen".
search-kind-item = Agenda item
search-kind-minute = Minutes
search-kind-decision = Decision
mail-agenda-subject = Agenda: { $forum } { $when }
mail-agenda-body = The agenda of { $forum } { $when } has been sent out.

    { $items }
    See the agenda and its attachments: { $link }
mail-agenda-changed-subject = Changed agenda: { $forum } { $when }
mail-agenda-changed-body = The agenda of { $forum } { $when } has changed since it was sent out:

    { $changes }
    The agenda now reads:

    { $items }
    See the agenda and its attachments: { $link }
publish-title = Send out the agenda
publish-resend-title = Send the changed agenda
publish-recipients = { $count ->
    [one] The agenda goes to one member of { $forum }:
   *[other] The agenda goes to { $count } members of { $forum }:
}
publish-no-recipients = { $forum } has no members with an e-mail address, so nobody is sent the agenda.
publish-items = Items on the agenda
publish-changed = Changed since the agenda was sent out
publish-confirm = Yes, send out the agenda
publish-resend-confirm = Yes, send the changed agenda
publish-nothing-changed = Nothing has changed since the agenda was sent out.
publish-cancel = Back to the meeting
agenda-publish-open = Send out the agenda …
agenda-resend-open = Send the changed agenda …
mail-digest-subject = News from { $forum }
mail-digest-intro = Decisions of { $forum } { $when } to be communicated to you:
mail-reminder-subject-before = Reminder: "{ $what }" is due { $due }
mail-reminder-subject-due = Due today: "{ $what }"
mail-reminder-body = The follow-up task "{ $what }" is due { $due }.

    See the task and the decision: { $link }
home-news = News from management
print-link = Printable version
print-back = Back to the meeting
print-minutes-title = Minutes
pdf-agenda = Agenda as PDF
pdf-minutes = Minutes as PDF
pdf-printed = Printed { $at }
pdf-page = Page

## The work programme
nav-programme = Work programme
programme-title = Work programme
programme-intro = The board, with group management, writes a yearly work programme of the most important strategic and cross-cutting initiatives. Here they are followed from plan to status.
programme-none = There is no work programme yet.
programme-create = Create work programme
programme-title-hint = For example "Work programme 2027".
programme-cadence = Status reporting
programme-cadence-quarter = Every quarter
programme-cadence-month = Every month
programme-status-draft = Draft
programme-status-approved = Approved
programme-status-closed = Closed
programme-status-change = Approve and close
programme-approve = Approve the work programme
programme-approving-decision = The decision that approved the programme
programme-approving-decision-hint = Choose the decision from the meeting where the programme was approved, so it can be found from here.
programme-approved-by = approved by { $decision }
programme-close = Close the work programme
programme-close-hint = A closed programme takes no more status reports.
programme-reopen = Reopen the work programme
programme-reopen-hint = The programme is closed. Reopen it if more is to be reported.
programme-unreported = { $count ->
    [one] one without a status report
   *[other] { $count } without a status report
}
programme-year-invalid = Enter a year, for example 2027.
programme-year-taken = There is already a work programme for that year.
programme-cadence-invalid = Choose how often to report.
programme-closed = The work programme is closed and cannot be changed.
programme-outcome-approved = The work programme is approved.
programme-outcome-closed = The work programme is closed.
programme-outcome-reopened = The work programme is reopened.
programme-outcome-conflict = Someone else changed the work programme meanwhile. Look at the page again and retry.
programme-outcome-bad-input = The change could not be made. Nothing was changed.
col-year = Year
col-initiative = Initiative
col-initiatives = Initiatives
col-span = Period
col-trend = Trend
col-missing-reports = Missing status reports
col-period = Period
col-progress = Progress
col-milestone = Milestone
choose = Choose
save = Save
initiatives-none = The programme has no initiatives yet.
initiative-new = New initiative
initiative-edit = Edit the initiative
initiative-purpose = Purpose
initiative-purpose-hint = Why the initiative matters, in a sentence or two.
initiative-description = Description
initiative-owner-hint = A director or centre chief owns the initiative and writes its status reports.
initiative-starts = Start
initiative-ends = End
initiative-budget = Budget
initiative-budget-hint = Whole kroner, for example 1.200.000. Leave empty when not relevant.
initiative-risks = Risks
initiative-units = Participating units
initiative-perspectives = Perspectives on the core task
initiative-values = Values
initiative-latest-status = Latest status
initiative-no-report = No status report yet
initiative-reports = Status reports
initiative-milestones = Milestones
initiative-dependencies = Dependencies
initiative-depends-on = Depends on
initiative-needed-by = Other initiatives that depend on this one
initiative-decisions = Decisions about the initiative
initiative-no-decisions = No decisions are linked to the initiative yet.
initiative-conflict = Someone else saved the initiative while you were writing. Your text was not saved. Look at the saved version and enter your changes again.
initiative-conflict-see = See the saved version
initiative-owner-invalid = Choose a director or centre chief as owner.
initiative-budget-invalid = Enter the budget in whole kroner, for example 1.200.000.
initiative-unknown-choice = Choose among the options shown.
initiative-status-on_track = On track
initiative-status-at_risk = At risk
initiative-status-off_track = Off track
initiative-status-done = Done
initiative-status-paused = Paused
initiative-outcome-saved = The initiative is saved.
initiative-outcome-reported = The status report is saved.
initiative-outcome-milestone = The milestone is saved.
initiative-outcome-dependency = The dependency is saved.
initiative-outcome-conflict = Someone else changed the initiative meanwhile. Nothing was changed.
initiative-outcome-bad-input = The change could not be made. Nothing was changed.
initiative-outcome-cycle = The dependency was not saved: it would go round in a circle, with the initiatives waiting for each other.
initiative-outcome-closed = The work programme is closed, so the initiative can no longer be changed.
trend-better = better
trend-same = unchanged
trend-worse = worse
trend-unknown = too few reports for a trend
report-write = Write a status report
report-write-hint = One report per period. Writing again for the same period replaces the earlier report.
report-progress = Progress in per cent
report-progress-hint = A whole number from 0 to 100.
report-happened = What happened
report-next = What comes next
report-needs = Needed from management
report-needs-hint = What the board or group management must decide or help with.
report-save = Save status report
report-has-errors = The status report was not saved. Correct the marked fields.
report-period-invalid = Choose a period of the programme's year that has begun.
report-status-required = Choose a status.
report-progress-invalid = Enter a whole number from 0 to 100.
milestone-add = Add milestone
milestone-due-hint = The date must lie within the initiative's period: { $span }.
milestone-has-errors = The milestone was not saved. Correct the marked fields.
milestone-outside-initiative = The milestone must lie within the initiative's period.
milestone-open = Not reached
milestone-done-on = reached { $date }
milestone-mark-done = Mark as reached
milestones-none = The initiative has no milestones yet.
dependency-add = The initiative depends on
dependency-add-button = Add dependency
programme-default-title = Work programme { $year }
programme-roll-over = Carry unfinished initiatives into { $year }
programme-roll-over-hint = { $count } initiatives are not reported done. They are carried into the draft for { $year } with their units, perspectives and open milestones; their status reports stay here. Initiatives carried before are not carried again.
programme-outcome-carried = { $count ->
    [one] One initiative was carried over from last year.
   *[other] { $count } initiatives were carried over from last year.
}
programme-outcome-next-closed = Next year's work programme is closed, so nothing can be carried into it. Nothing was changed.
initiative-carried-from = The initiative continues from an earlier work programme. See the earlier initiative and its status reports.

## The årshjul
nav-aarshjul = Annual wheel
aarshjul-title = Annual wheel
aarshjul-intro = The year's most important shared dates: the budget process, the political year, the forums' meetings, the work programme's milestones, HR and external events. The year begins at 12 o'clock and runs clockwise.
aarshjul-years = Other years
aarshjul-download-svg = Download as SVG
aarshjul-categories = Categories
aarshjul-category = Category
aarshjul-kind = Kind
aarshjul-start = The year begins in
aarshjul-start-january = January (budget year)
aarshjul-start-august = August (school year)
aarshjul-show-quarters = Show quarters
aarshjul-figcaption = The wheel shows the same dates as the list below. Point at an entry to see its title and date; choose it to open it.
aarshjul-list = The year's dates
aarshjul-count = { $count ->
    [one] One date.
   *[other] { $count } dates.
}
aarshjul-description = Annual wheel for { $year } with { $count } dates in rings by category. The same dates are in the list below the wheel.
aarshjul-quarter-letter = Q
aarshjul-today = Today
aarshjul-legend = Legend
aarshjul-state-planned = Planned
aarshjul-state-done = Held or reached
aarshjul-state-tentative = Tentative
aarshjul-state-at_risk = At risk
aarshjul-glyph-span = Period
aarshjul-glyph-deadline = Deadline or decision
aarshjul-glyph-meeting = Meeting
aarshjul-category-budget = The budget process
aarshjul-category-political = The political year
aarshjul-category-forums = Forums
aarshjul-category-programme = The work programme
aarshjul-category-hr = HR
aarshjul-category-external = External
aarshjul-add = Add to the annual wheel
aarshjul-from = From
aarshjul-to = To
aarshjul-to-hint = The same date as "From" for a single day.
aarshjul-delete = Delete
aarshjul-span-too-long = A period can last a year at most.
aarshjul-entry-has-errors = The date was not added. Correct the marked fields.
aarshjul-outcome-added = The date was added to the annual wheel.
aarshjul-outcome-deleted = The date was deleted from the annual wheel.
aarshjul-outcome-bad-input = The change could not be made. Nothing was changed.
aarshjul-download-ics = Download as a calendar (.ics)
aarshjul-download-png = Download as an image (PNG)
cycle-title = The governance cycle's rules { $year }
cycle-short = Rules
cycle-link = Rules and exceptions
cycle-intro = The rules draw the annual wheel's fixed dates every year: the council's meetings, the committees, the budget's readings and the deadlines before them. A date on a public holiday moves to the next working day. Move or cancel a single date here; the rule still holds for the others.
cycle-election-year = There are local elections in November this year. Consider cancelling or moving meetings around the election.
cycle-exception = Exception
cycle-change = Change
cycle-cancelled = Cancelled
cycle-moved-to = Moved to { $date }
cycle-restore = Undo the exception
cycle-move-to = Move to
cycle-reason = Reason
cycle-move = Move
cycle-cancel = Cancel
cycle-add = Add a rule
cycle-title-hint = For example "Children and schools committee".
cycle-kind = Kind of rule
cycle-kind-nth = A weekday in chosen months
cycle-kind-yearly = A fixed date each year
cycle-which = Which in the month
cycle-nth = { $nth ->
        [1] 1st
        [2] 2nd
        [3] 3rd
       *[other] { $nth }th
    }
cycle-last = Last
cycle-weekday = Weekday
cycle-months = Months
cycle-every-month = every month
cycle-yearly-month = Month (fixed date)
cycle-yearly-day = Day of the month (fixed date)
cycle-months-required = Choose at least one month.
cycle-has-errors = The rule was not added. Correct the marked fields.
cycle-describe-nth = { $which } { $weekday } in { $months }
cycle-describe-yearly = { $month } { $day } each year
cycle-describe-readings = First reading on the { $nth ->
        [1] 1st
        [2] 2nd
        [3] 3rd
       *[other] { $nth }th
    } { $weekday } of { $month }, second reading at least { $gap } days later and by { $by } { $day }
cycle-describe-before = { $days } days before { $of }
cycle-error-month = A month must be 1 to 12.
cycle-error-nth = Choose 1st to 5th or last.
cycle-error-weekday = Choose a weekday.
cycle-error-day = The date does not exist.
cycle-error-second-reading = The second reading falls after the adoption deadline. Change the rule so there is time enough.
cycle-error-reference = The rule counts back from a rule that does not exist.
cycle-outcome-added = The rule was added. Its dates are now on the annual wheel.
cycle-outcome-moved = The date was moved.
cycle-outcome-cancelled = The date was cancelled.
cycle-outcome-restored = The exception was undone; the rule's own date holds again.
cycle-outcome-bad-input = The change could not be made. Nothing was changed.
cycle-which-date = Date
portfolio-title = The portfolio { $year }
portfolio-short = The portfolio
portfolio-link = See the portfolio: table, board and heat map
portfolio-directorate = Directorate
portfolio-centre = Centre
portfolio-perspective = Perspective
portfolio-found = Showing { $shown } of { $total } initiatives.
portfolio-table = Table
portfolio-board = Board by status
portfolio-heat = Perspectives and directorates
portfolio-heat-intro = How many of the initiatives shown serve each perspective in each directorate. An initiative counts in every directorate whose units take part.
mail-report-reminder-subject-before = Reminder: status report for "{ $initiative }" by { $due }
mail-report-reminder-subject-due = The status report for "{ $initiative }" is due today
mail-report-reminder-body = The initiative "{ $initiative }" has no status report for { $period } yet. The deadline is { $due }.

    Write it here: { $link }
portfolio-timeline = Timeline
portfolio-timeline-caption = Each initiative as a bar from start to end with its milestones (filled: reached; open: not reached; red exclamation mark: overdue) and arrows from the initiatives it depends on. The table below has the same initiatives.
report-title = Follow-up on { $programme }
report-summary = { $count } initiatives: { $statuses }. Those that need attention come first.
report-pdf-link = Follow-up report (PDF)
report-xlsx-link = The portfolio as a spreadsheet (XLSX)
xlsx-budget = Budget (DKK)
xlsx-progress = Progress (%)
xlsx-next-milestone = Next milestone
xlsx-written-by = Written by
aarshjul-zoom = Show
aarshjul-zoom-year = The whole year
aarshjul-months-nav = Months
aarshjul-zoom-quarter = Quarter { $n }
aarshjul-mine = My annual wheel
aarshjul-mine-choice = Only what concerns me: my forums and my initiatives (the shared dates stay)
aarshjul-unit = Unit (directorate or centre)
aarshjul-initiative = Initiative in the work programme
aarshjul-print-a4 = Print on A4
aarshjul-print-a3 = Print on A3
aarshjul-entry-unit = Unit
aarshjul-entry-unit-hint = The unit the date concerns in particular. It shows when the wheel is filtered by that unit.
aarshjul-entry-unit-none = No unit in particular
aarshjul-entry-link = Link
aarshjul-entry-link-hint = A page in styr (starting with /) or on the web (starting with https://).
aarshjul-entry-note = Note
aarshjul-link-invalid = A link must start with / or https://.
aarshjul-entry-back = Back to the annual wheel { $year }
aarshjul-entry-change = Change the date
aarshjul-entry-saved = The change is saved.
aarshjul-entry-changed = The date was not deleted: someone changed it after you opened the page. See it as it is now, and delete it again if it is still to go.
aarshjul-entry-not-saved = The change is not saved. Correct the marked fields.
aarshjul-entry-conflict = Someone else changed this date while you were editing. The details at the top are the saved ones; what you typed is still in the form. Nothing was changed.

## Personal keys: calendar feeds and API tokens
calendar-feed-label = Calendar subscription
token-heading = Your keys
token-intro = Calendar addresses and API tokens you have made. A key reads what you may read yourself. Revoke a key you no longer use, or that others may have seen.
token-none = You have no keys.
token-col-label = Name
token-col-kind = Kind
token-col-scope = Gives access to
token-col-created = Made
token-col-expires = Expires
token-col-used = Last used
token-kind-api = API token
token-kind-feed = Calendar address
token-scope-feed = Your calendars
token-area-org = Organisation
token-area-framework = Framework
token-area-meetings = Meetings and decisions
token-area-programme = Work programme and annual wheel
token-state-active = Active
token-state-expired = Expired
token-state-revoked = Revoked
token-revoke = Revoke
token-revoke-named = Revoke { $label }
token-revoked = The key is revoked. It no longer works.
token-not-revoked = The key could not be revoked: it is not yours, or it was revoked already.
token-new-heading = New API token
token-label = What is the token for?
token-scope = What may the token read?
token-days = Days the token works (at most { $max })
token-create = Make the token
token-label-invalid = Give the token a name of at most 100 characters.
token-scope-invalid = Choose at least one part of styr the token may read.
token-days-invalid = Enter a number of days from 1 to 366.
token-made-title = Your new API token
token-made-intro = The token is shown this once only. Copy it now and keep it somewhere safe.
token-made-label = API token
token-made-keep = Use it as "Authorization: Bearer …" against /api/v1. You can revoke it on your page.
token-back = Back to your keys

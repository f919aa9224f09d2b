# Interface strings of the Portico default theme: English.
# A site overrides any of them in its own i18n/<locale>.ftl.

## Header and navigation
skip-link = Skip to main content
nav-main = Main
# The link at the top of a mega-menu panel to the section's own page.
nav-overview = { $section } overview
# The last menu entry: a panel that lists every section and page.
nav-all = All { $site }
search-label = Search { $site }
search-placeholder = Search
search-button = Search
sign-in = Sign in
breadcrumb = Breadcrumb

## Language fallback
fallback-notice = This page is not yet available in { $locale }; showing { $fallback }.

## Footer
language = Language
legal = Legal
sitemap = View sitemap
trace-id = Trace ID: { $id }

## Cards, images and blocks
learn-more = Learn more
# Visually hidden, after the link label: makes each "Learn more" link unique.
learn-more-about = about { $title }
image-credit = Credit: { $credit }
in-this-section = In this section
video-watch = Watch the video
video-download = Download the video
video-transcript = Read the transcript

## Content types
kind-page = Page
kind-section = Section
kind-story = Story
kind-person = Person
kind-location = Location
kind-lab = Lab
kind-area = Research area
kind-event = Event
kind-series = Series
kind-episode = Episode
kind-program = Program
kind-job = Job
kind-tool = Tool
kind-fact = Fact

## Stories and details
story-by = Written by
published = Published
updated = Updated
tags = Topics
item-details = Key facts

## Locations
location-address = Address
location-details = Details
location-kind = Type
location-timezone = Time zone
location-coordinates = Coordinates
location-map = View on a map
geo-north = N
geo-south = S
geo-east = E
geo-west = W

## Error pages
error-label = Error
error-home = Go to the home page
error-search = Or search the site:
error-help = If you contact us about this problem, please quote the trace ID shown at the bottom of this page.

## Pages the renderer makes itself
sitemap-title = Sitemap
bad-request-title = We could not understand that request
bad-request-text = The address or the request was malformed. Check the link, or start again from the home page.
not-found-title = We can’t find that page
not-found-text = It may have moved, or the link may be mistyped. Try the search, or start from the home page.
method-not-allowed-title = That is not something this page can do
method-not-allowed-text = This page can only be read. If a form sent you here, go back and try again.
gone-title = This page has been removed
gone-text = What it described no longer exists. The search may find what replaced it.
server-error-title = Something went wrong on our side
server-error-text = We have been told about it. Please try again in a moment; if it keeps happening, tell us the trace id below.
forbidden-title = That request came from another site
forbidden-text = For your protection, choices and forms are only accepted from this site’s own pages, and nothing was changed. Go back to the page you came from and try again there.
too-large-title = That request was too large
too-large-text = What was sent is more than this site accepts, so nothing was changed. Shorten it and try again.
unsupported-type-title = We could not read what was sent
unsupported-type-text = The form was sent in a format this site does not accept, so nothing was changed. Go back and send it again from the page.
too-many-title = Too many requests
too-many-text = Please wait a moment before trying again. Nothing you sent was lost.
unavailable-title = This is not available right now
unavailable-text = Nothing was changed. Please try again in a moment; if it keeps happening, tell us the trace ID below.

## Location kinds
location-kind-office = Office
location-kind-lab = Research lab
location-kind-data-center = Data center

## Labels of item details
field-starts = Starts
field-ends = Ends
field-venue = Venue
field-speakers = Speakers
field-deadline = Deadline
field-eligibility = Who can apply
field-team = Team
field-locations = Locations
field-posted = Posted
field-closes = Closes
field-license = License
field-version = Version
field-doi = DOI
field-repository = Repository
field-value = Value
field-source = Source
field-lead = Lead
field-areas = Research areas
field-leads = Leads

## Pagination of long sections
pagination = Pages
pagination-previous = Previous page
pagination-next = Next page
pagination-status = Page { $current } of { $total }

## Search
search-again = Search again
search-title = Search
search-title-query = Search: { $query }
search-count = { $count ->
    [one] 1 result for “{ $query }”
   *[other] { $count } results for “{ $query }”
}
search-none = No results for “{ $query }”.
search-did-you-mean = Did you mean:
search-approximate = No page contains every word exactly; these come closest.
search-refine = Refine results
search-facet-type = Type
search-facet-section = Section
search-facet-area = Research area
search-facet-year = Year
search-facet-remove = remove this filter
search-in = In:
search-pages = Result pages
search-prev = Previous
search-next = Next
search-none-tips = Check the spelling, try fewer or more general words, or start from one of these pages.
search-without-filters = Search again without filters
search-sections = Sections
search-start-here = Start here
search-suggestions = Suggestions
search-suggestions-count = { $count ->
    [0] No suggestions.
    [one] 1 suggestion. Use the up and down arrow keys to choose.
   *[other] { $count } suggestions. Use the up and down arrow keys to choose.
}

## Cookie consent
privacy-choices-icon = Opt-out icon:
consent-title = Cookies on this site
consent-text = { $site } uses cookies that are strictly necessary for the site to work. With your permission, we would also like to use optional cookies. You can change your choice at any time with “Manage cookies” at the bottom of every page.
consent-policy-link = Read the cookie notice
list-separator = {", "}
sentence-end = .
consent-purposes = Optional purposes:
consent-accept = Accept all
consent-reject = Reject all
consent-manage = Manage cookies
consent-manage-title = Manage cookies
consent-manage-intro = Choose which optional cookies { $site } may use. Nothing optional is on until you allow it, and withdrawing takes one click.
consent-necessary = Strictly necessary
consent-necessary-text = Remember your language and your cookie choices. The site cannot work without them, so they need no consent.
consent-always-on = Always on
consent-vendors = Set by
consent-cookies = Cookies
consent-retention = Kept for
consent-allow = Allow { $category }
consent-save = Save my choices
consent-gpc-honored = Opt-out preference signal honored: your browser's Global Privacy Control opts you out of the sale and sharing of your personal data.
consent-optout-title = Opt out of sale and sharing
consent-optout-text = Opt out of the sale and sharing of your personal information and of advertising cookies. No account is needed; the choice is remembered on this device.
consent-optout-button = Do not sell or share my personal information
consent-recorded = Your choice is saved.
consent-unavailable = Your choice could not be saved just now; nothing changed. Please try again.
embed-notice = This video is hosted by { $vendor }, which sets cookies when it loads.
embed-load = Watch on the video site
embed-always-allow = Always allow { $category }

## Content types: details
field-location = Location
field-hosts = Hosts
field-series = Series
field-episode = Episode
field-recorded = Recorded
field-program-kind = Type
field-opens = Applications open
field-remote = Remote work
field-employment = Employment
field-as-of = As of
field-when = When
field-timezone = Time zone
field-event-kind = Type
field-attendance = Attend
field-tool-kind = Kind
field-released = Released
field-authors = Authors
attendance-mixed = In person or online
attendance-online = Online
related-stories = Related stories
related-stories-by = Stories
related-labs = Labs
related-tools = Tools and data
related-events = Events
related-people = People
related-upcoming = Upcoming sessions
related-tools-mentioned = Tools mentioned in this episode
related-open-jobs = Open jobs you may like
related-team-jobs = More jobs in this team
related-jobs = Open jobs here
related-speakers = Speakers
related-episodes = Forum episodes about it
related-tools-using = Tools built on it
calendar-subscribe = Subscribe to the calendar
program-closed = Applications closed on { $date }.
program-opens = Applications open on { $date }.
program-open-until = Applications are open until { $date }.
program-open = Applications are open.
program-apply = Apply now
program-deadline = Deadline: { $date }
remote-onsite = On site
remote-hybrid = Hybrid
remote-remote = Remote
job-closed = Applications for this job closed on { $date }. It is kept here for reference.
job-open-until = Apply by { $date }
job-apply = Apply for this job
event-when-same-day = { $date }, { $start } to { $end }
event-when-span = { $start } to { $end }
event-recurring = A recurring event: see the next dates below.
event-past = This event has ended.
event-live = Happening now
event-upcoming = Upcoming event
event-register = Register
event-join-online = Join online
event-add-to-calendar = Add to calendar
event-next-dates = Next dates
tool-kind-dataset = Dataset
tool-kind-model = Model
tool-kind-sdk = SDK
tool-kind-api = API
tool-kind-code = Code
tool-repository = Source code
tool-version = Version { $version }
cite-this = Cite this
cite-download = Download the citation
cite-bibtex = BibTeX
cite-ris = RIS
cite-csl = CSL-JSON
cite-cff = CITATION.cff
status-closed = Closed
status-soon = Opening soon
status-open = Open
fact-as-of = As of { $date }
fact-now = Now
chart-title = { $title } over time
chart-description = From { $from } on { $from_date } to { $to } on { $to_date }.
chart-table = { $title }: the values
chart-date = Date

## Lists and filters
filters = Filters
filter-tag = Topic
filter-kind = Kind
filter-area = Research area
filter-license = License
filter-team = Team
filter-location = Location
filter-remote = Remote work
filter-when = When
filter-type = Type
filter-any = All
filter-remove = remove this filter
filters-active = Showing only
filters-clear = Clear all filters
events-upcoming = Upcoming
events-past = Past
programs-open = Open and upcoming
programs-closed = Closed
region-africa = Africa
region-americas = Americas
region-asia = Asia
region-europe = Europe
region-oceania = Oceania
region-other = Elsewhere
feed-all = Atom feed: { $title }
feed-tag = Atom feed: { $tag }
list-results = Results
list-count = { $count ->
    [0] Nothing to show
    [one] One item
   *[other] { $count } items
}
list-empty-title = Nothing matches all of these filters
list-empty-text = Remove a filter above, or clear them all to see everything in this list.
map-title = Map of our { $count } locations
map-description = A world map with a marker for each location; the same locations are listed below by region, each with a link to its page.

## The staff's pages (/admin/)
admin-title = Staff sign-in
admin-nav = Staff pages
admin-home = Overview
admin-account = Your account
admin-accounts = Accounts
admin-audit = Audit trail
admin-sign-in = Sign in
admin-sign-out = Sign out
admin-sign-out-everywhere = Sign out everywhere
admin-signed-out = You are signed out.
admin-errors = { $count ->
    [one] There is a problem
   *[other] There are { $count } problems
}
admin-sign-in-intro = Sign in to edit and publish { $site }’s website.
admin-sign-in-help = No password yet? Ask an administrator for a sign-in link.
admin-email = Email address
admin-password = Password
admin-name = Name
admin-role = Role
admin-scope = Limited to
admin-scope-all = The whole site
admin-state = State
admin-state-active = Active
admin-state-disabled = Disabled
admin-actions = Actions
admin-continue = Continue
admin-sign-in-failed = That email address and password do not match an account. Check both and try again.
admin-sign-in-wait = Too many attempts that did not match. Wait { $seconds } seconds before trying again; a passkey or single sign-on still works meanwhile.
admin-sign-in-missing = Enter your email address and password.
admin-code-title = Enter your code
admin-code-intro = Open your authenticator app and enter the six-digit code it shows for this site, or one of your recovery codes.
admin-code = Code
admin-code-help = Six digits, or a recovery code such as abcde-12345.
admin-code-wrong = That code is not right, or it was already used. Codes change every 30 seconds: try the current one.
admin-code-expired = The time to enter a code ran out. Sign in again.
admin-link-title = Continue signing in
admin-link-intro = This one-time link signs you in to { $site }’s staff pages. It works once.
admin-link-continue = Sign in
admin-link-invalid-title = This sign-in link does not work
admin-link-invalid = The link has expired, was already used, or was copied incompletely. Ask an administrator for a new one.
admin-role-admin = Administrator
admin-role-publisher = Publisher
admin-role-editor = Editor
admin-role-contributor = Contributor
admin-role-viewer = Viewer
admin-password-rules = Use at least { $min } characters. A few unrelated words make a good password; there are no rules about digits or symbols.
admin-password-current = Current password
admin-password-new = New password
admin-password-save = Save password
admin-password-saved = Your password is saved. Your other sessions were signed out.
admin-password-wrong = The current password is not right.
admin-password-short = Use at least { $min } characters (this one has { $found }).
admin-password-long = Use at most { $max } characters.
admin-password-weak = This password is easy to guess. Add more words, or use a passphrase of your own.
admin-totp-title = Two-step verification
admin-totp-on = Two-step verification is on: signing in with a password also asks for a code from your authenticator app.
admin-totp-setup = Add this site to an authenticator app, then enter the code it shows to turn two-step verification on.
admin-totp-key = Setup key:
admin-totp-open-app = Open in an authenticator app on this device
admin-totp-qr = QR code with the setup key, for an authenticator app
admin-totp-turn-on = Turn on
admin-totp-turn-off = Turn off
admin-totp-enabled = Two-step verification is on. Keep the recovery codes below somewhere safe.
admin-totp-disabled = Two-step verification is off.
admin-recovery-title = Your recovery codes
admin-recovery-text = Each code signs you in once if you lose your authenticator. They are shown only now: print them or keep them in a password manager.
admin-sessions = Where you are signed in
admin-session-browser = Browser
admin-session-method = Signed in with
admin-session-started = Since
admin-session-seen = Last active
admin-session-this = this browser
admin-session-ended = That session is signed out.
admin-sessions-ended = Every session is signed out, this one included.
admin-invite = Invite someone
admin-invite-send = Create account and sign-in link
admin-sections = Sections
admin-sections-help = Folders such as careers/ or research/labs/, separated by spaces. Empty: every section.
admin-locales = Languages
admin-locales-help = Locale codes such as fr or en-GB, separated by spaces. Empty: every language.
admin-link-made = A sign-in link for { $email }
admin-link-share = Send this link to them yourself. It works once, within { $hours } hours, and is shown only now.
admin-enable = Enable
admin-disable = Disable
admin-delete = Delete
admin-new-link = New sign-in link
admin-account-exists = An account with this email address already exists.
admin-email-invalid = Enter an email address such as name@example.org.
admin-scope-invalid = { $problem }
admin-changed = Saved.
admin-forbidden-title = Not allowed
admin-forbidden = Your role does not include this. Ask an administrator if you need it.
admin-csrf-title = This form has expired
admin-csrf = The page was open for too long or your session changed. Nothing was saved: go back, reload the page and try again.
admin-audit-verified = The trail of { $count } records verifies: nothing was altered or removed.
admin-audit-broken = The trail does not verify: { $problem }
admin-audit-time = Time (UTC)
admin-audit-actor = Who
admin-audit-action = What
admin-audit-subject = About
admin-audit-detail = Details
admin-passkeys = Passkeys
admin-passkeys-intro = A passkey signs you in with your device's screen lock or a security key: no password to type, nothing to steal from this site.
admin-passkey-name = Name
admin-passkey-name-help = To tell your passkeys apart, such as “work laptop”.
admin-passkey-add = Add a passkey
admin-passkey-remove = Remove
admin-passkey-used = Last used
admin-passkey-sign-in = Sign in with a passkey
admin-passkey-failed = The passkey did not sign in. Try again, or sign in with your password.
admin-passkey-expired = This took too long. Try again.
admin-passkey-added = Your passkey is added. Your other sessions were signed out.
admin-passkey-removed = The passkey is removed. Your other sessions were signed out.
admin-passkey-needs-js = Adding a passkey needs a browser with JavaScript and passkey support.
admin-or = or
admin-totp-required-title = Two-step verification by role
admin-totp-required-help = Accounts with these roles must turn on two-step verification (or sign in with a passkey) before they can do anything else:
admin-totp-required-save = Save
admin-totp-needed = Your role requires two-step verification. Turn it on below, or add a passkey, to continue.
admin-sso-button = Sign in with { $name }
admin-sso-title = Single sign-on
admin-sso-continue = You are signed in. Continuing…
admin-continue = Continue
admin-sso-again = Back to sign-in
admin-sso-unavailable = The sign-in service cannot be reached right now. Try again in a few minutes, or sign in another way.
admin-sso-expired = This sign-in took too long or was started in another browser. Start again from the sign-in page.
admin-sso-refused = The sign-in service did not confirm who you are. Start again from the sign-in page.
admin-sso-unverified = Your sign-in service has not verified your email address, so it cannot be matched to an account here.
admin-sso-no-account = There is no active account for { $email } here. Ask an administrator to invite you.
admin-sso-no-role = { $email } is not in any group that has a role on this site. Ask an administrator.
admin-content = Content
admin-content-intro = { $count } items and translations. Open one to read it or write a draft.
admin-content-home = Home page
admin-content-item = Item
admin-content-published = Published
admin-content-draft = Draft
admin-content-missing = Missing
admin-content-back = All content
admin-item = Item
admin-item-missing = There is no item { $item }.
admin-item-forbidden = Your role or scope does not reach this item. Ask an administrator if you need it.
admin-item-edit = Edit
admin-item-read = Read
admin-item-text = The file: front matter and text
admin-item-text-help = TOML front matter between the +++ lines, then Markdown. Saving makes a draft; the published page does not change.
admin-item-message = Note about this change
admin-item-save = Save draft
admin-item-saved = Your draft is saved.
admin-item-line = Line
admin-item-conflict = { $author } saved a newer version while you were editing. Your text is kept below; merge the newer version into it and save again.
admin-item-newer = The newer version, by { $author }
admin-item-newer-help = Copy what you need from it into your text below.
admin-item-newer-text = The newer version (read only)
admin-item-history = History
admin-item-revision = Revision
admin-item-author = Author
admin-item-when = When
admin-item-review = Review and publish
admin-item-review-in-review = in review
admin-item-review-approved = approved
admin-item-submit = Submit revision { $revision } for review
admin-item-approve = Approve revision { $revision }
admin-item-publish = Publish revision { $revision }
admin-item-submitted = Submitted for review.
admin-item-approved = Approved: exactly this revision may now be published.
admin-item-published = Published. The site shows it within moments.
admin-item-step-refused = That could not be done: the item changed since the page was shown, or the revision is not the approved one. Here is the item as it is now.
admin-item-merged = Your changes and the ones saved meanwhile touched different lines: both are kept in the new draft.
admin-item-restored = The old revision's text is now the latest draft.
admin-item-restore = Restore revision { $revision } as a draft
admin-item-changes = Changes in revision { $revision }
admin-item-compare = Compare revisions
admin-item-compare-intro = Revision { $to } by { $author }, compared with revision { $from }.
admin-item-compare-caption = Lines changed between revisions { $from } and { $to }
admin-item-compare-missing = These revisions are not revisions of this item.
admin-item-compare-same = The two revisions have the same text.
admin-item-change = Line
admin-item-added = added
admin-item-removed = removed
admin-item-back = Back to the item
admin-item-kept = Text you typed here on { $at } (UTC) was not saved.
admin-item-kept-restore = Put it back in the editor
admin-item-kept-discard = Let it go
admin-item-kept-restored = Your unsaved text is back in the editor. Save it to keep it; if someone saved since, the two are merged.
admin-item-local = This browser kept text you typed here that was not saved.
admin-item-autosaved = Kept on the server at
admin-item-offline = Not connected: your text is kept in this browser.
admin-content-section = Section
admin-content-items = Items
admin-content-counts = { $drafts } drafts, { $review } in review, { $missing } missing
admin-content-section-count = { $count } items; page { $page } of { $pages }.
admin-content-pages = Pages of this section
admin-content-previous = Previous page
admin-content-next = Next page
admin-item-others = Also editing this item (unsaved text in the last half hour): { $people }. Saving never overwrites their work: changes on other lines merge, the rest is shown side by side.

## What visitors see: disclosures, events, people, figures
filters-summary =
    { $count ->
        [0] Filters
        [one] Filters (1 active)
       *[other] Filters ({ $count } active)
    }
event-recurring-badge = Recurring
event-kind-conference-talk = Conference talk
event-kind-forum = Forum
event-kind-seminar = Seminar
event-kind-summer-school = Summer school
event-kind-workshop = Workshop
event-kind-event = Event

## The media library
admin-media = Media
admin-media-upload = Upload a file
admin-media-file = File: JPEG, PNG, GIF, WebP or PDF, up to 20 MiB
admin-media-alt = Alt text
admin-media-alt-help = What the image shows, in this page's language. Each language's alt text can be added below once it is uploaded.
admin-media-alt-in = Alt text ({ $locale })
admin-media-decorative = Decorative: it adds nothing to the text
admin-media-upload-submit = Upload
admin-media-files = Files
admin-media-empty = The library is empty.
admin-media-size = { $width } × { $height } pixels
admin-media-use-as = Use in content as
admin-media-missing-alt = No alt text in { $locale } yet: the image cannot be used there.
admin-media-focal = Focal point (what crops keep in view)
admin-media-focal-x = Across, 0 to 1
admin-media-focal-y = Down, 0 to 1
admin-media-save = Save
admin-media-usage = Used by
admin-media-unused = No item uses this file.
admin-media-draft = draft
admin-media-delete = Delete
admin-media-preview = Preview of { $name }
admin-media-in-use = { $count ->
        [one] An item uses this file: it cannot be deleted while it does.
       *[other] { $count } items use this file: it cannot be deleted while they do.
    }
admin-media-done-uploaded = The file was uploaded.
admin-media-done-existing = This file was already in the library.
admin-media-done-saved = Saved.
admin-media-done-deleted = The file was deleted.
admin-media-no-file = Choose a file to upload.
admin-media-refused = Your role does not allow this in the media library.
admin-media-bad-focal = The focal point is two numbers from 0 to 1.

## The editor: scheduling, comments, unpublishing and the trash
admin-content-outdated = Outdated
admin-item-unpublished = Taken off the site. Its revisions are kept; publish it again through review.
admin-item-scheduled = Scheduled. The job is listed below with its state.
admin-item-cancelled = The job is cancelled.
admin-item-commented = Your comment is added.
admin-item-untrashed = Taken out of the trash. It is not published; publish it again through review.
admin-item-created = The new item is saved as a draft. It is not on the site until it is published.
admin-item-trashed = The item is in the trash, off the site. Restore it from here at any time.
admin-item-unpublish-refused = It cannot be taken off the site: other content still points at it. Change that first.
admin-item-unpublish = Unpublish now
admin-item-trash = Move to trash
admin-item-remove = Take off the site
admin-item-remove-help = Unpublishing keeps the item and its history in the editor. The trash also hides it from the content tree; it can be restored.
admin-schedule = Schedule
admin-schedule-what = What happens
admin-schedule-publish = Publish the approved revision { $revision }
admin-schedule-unpublish = Take the item off the site
admin-schedule-at = Date and time ({ $zone })
admin-schedule-help = In the site's time zone, { $zone }. Daylight saving time is taken into account.
admin-schedule-submit = Schedule
admin-schedule-bad-time = “{ $value }” is not a date and time. Use the date and time fields, for example 2027-03-14 09:30.
admin-schedule-past = { $at } has passed. Choose a time in the future, or publish now.
admin-jobs = Scheduled jobs
admin-job-what = Job
admin-job-when = When ({ $zone })
admin-job-by = Scheduled by
admin-job-publish = Publish revision { $revision }
admin-job-unpublish = Unpublish
admin-job-cancel = Cancel job { $job }
admin-job-state-pending = Pending
admin-job-state-late = Late
admin-job-state-done = Done
admin-job-state-failed = Failed
admin-job-state-cancelled = Cancelled
admin-comments = Comments
admin-comments-none = No comments yet.
admin-comment = Comment
admin-comment-optional = Comment (optional)
admin-comment-submit = Add comment
admin-comment-empty = A comment needs some text.
admin-comment-step-comment = comment
admin-comment-step-submit = on submitting
admin-comment-step-approve = on approving
admin-comment-step-publish = on publishing
admin-comment-step-unpublish = on unpublishing
admin-comment-step-schedule = on scheduling
admin-trash = Trash
admin-trash-intro = Items in the trash are off the site and out of the content tree. Restoring one brings it back unpublished.
admin-trash-empty = The trash is empty.
admin-trash-restore = Restore { $item }
admin-trash-when = Moved to the trash
admin-item-form-of = Editing as a form of a { $type }.
admin-item-text-mode = Edit the whole file (text mode)
admin-item-form-mode = Edit as a form
admin-item-form-unusable = This file cannot be edited as a form; use the text mode.
admin-item-problems-elsewhere = Problems in parts this form does not show (edit them in the text mode):
admin-item-body = Text (Markdown)
admin-item-body-help = Paragraphs, headings (##), lists (-), links [text](address). Saving makes a draft; the published page does not change.
admin-toolbar = Formatting
admin-toolbar-bold = Bold
admin-toolbar-italic = Italic
admin-toolbar-heading = Heading
admin-toolbar-list = List
admin-toolbar-quote = Quote
admin-toolbar-link = Link
field-required = required
field-lines = One per line.
field-example = For example: { $example }
field-title = Title
field-summary = Summary
field-description = Description for search engines
field-menu_title = Title in menus
field-date = Date
field-updated = Updated
field-weight = Order
field-tags = Tags
field-slug = Address (slug)
admin-new = New item
admin-new-type = What kind of item
admin-new-locale = Language
admin-new-next = Continue
admin-new-intro = A new { $type } in { $locale }.
admin-new-folder = Where it goes
admin-new-slug = Address
admin-new-slug-help = The last part of its web address: lower-case letters, digits and hyphens (harbour-sensors).
admin-new-create = Create draft
admin-new-bad-slug = Choose a folder from the list and an address of lower-case letters, digits and single hyphens.
admin-new-taken = There is already an item { $key } in this language, or a file of that name.
admin-dash-drafts = My drafts
admin-dash-drafts-none = No drafts of yours waiting.
admin-dash-review = Waiting for review
admin-dash-review-none = Nothing waits for your review.
admin-dash-approved = Approved, not yet published
admin-dash-approved-none = Nothing approved is waiting.
admin-dash-scheduled = Scheduled ({ $zone })
admin-dash-scheduled-none = Nothing is scheduled.
admin-dash-published = Recently published
admin-dash-published-none = Nothing published yet from the editor.
admin-dash-failed = Failed jobs
admin-dash-failed-none = No job has failed.

# The video's play button behind consent, and the locations map's key.
video-play = Play the video
embed-play-why = The player comes from { $vendor } and loads only once you allow { $category }. Choose "Always allow" below, or watch on the video site.
map-legend = Key to the map
admin-preview = Preview
admin-preview-open = Open the preview of revision { $revision }
admin-preview-link = Preview link for reviewers without an account (works until { $until })
admin-preview-link-help = Anyone with this link sees this revision as the page would look, until then. It is never indexed.
admin-preview-live = Live preview of what you are typing
field-image = Image
field-image-src = File: a file of the site (images/…) or of the media library (media:…)
field-image-alt = Alt text
field-image-alt-help = What the image shows, for people who cannot see it. A library image has its own alt text per language; leave this empty to use it.

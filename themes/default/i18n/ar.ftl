# نصوص الواجهة في القالب الافتراضي لـ Portico: العربية.
# يمكن لأي موقع أن يستبدل أيًّا منها في ملفه الخاص i18n/<locale>.ftl.

## الترويسة والتنقل
skip-link = الانتقال إلى المحتوى الرئيسي
nav-main = القائمة الرئيسية
# الرابط في أعلى كل لوحة من لوحات القائمة الكبرى، ويؤدي إلى صفحة القسم نفسه.
nav-overview = نظرة عامة على { $section }
# آخر عنصر في القائمة: لوحة تسرد جميع الأقسام والصفحات.
nav-all = كل أقسام { $site }
search-label = البحث في موقع { $site }
search-placeholder = ابحث
search-button = بحث
sign-in = تسجيل الدخول
breadcrumb = مسار التنقل

## اللغة البديلة
fallback-notice = هذه الصفحة غير متوفرة بعدُ باللغة { $locale }، لذا نعرض لك نسختها المتوفرة: { $fallback }.

## التذييل
language = اللغة
legal = معلومات قانونية
sitemap = خريطة الموقع
trace-id = معرّف التتبع: { $id }

## البطاقات والصور والكتل
learn-more = اقرأ المزيد
# نص مخفي بصريًا يأتي بعد عنوان الرابط، ويجعل كل رابط «اقرأ المزيد» فريدًا.
learn-more-about = عن { $title }
image-credit = حقوق الصورة: { $credit }
in-this-section = في هذا القسم
video-watch = شاهد الفيديو
video-download = تنزيل الفيديو
video-transcript = قراءة النص الكامل للفيديو

## أنواع المحتوى
kind-page = صفحة
kind-section = قسم
kind-story = مقال
kind-person = شخص
kind-location = موقع
kind-lab = مختبر
kind-area = مجال بحثي
kind-event = فعالية
kind-series = سلسلة
kind-episode = حلقة
kind-program = برنامج
kind-job = وظيفة
kind-tool = أداة
kind-fact = معلومة

## المقالات والتفاصيل
story-by = بقلم
published = تاريخ النشر
updated = آخر تحديث
tags = الموضوعات
item-details = معلومات أساسية

## المواقع
location-address = العنوان
location-details = التفاصيل
location-kind = النوع
location-timezone = المنطقة الزمنية
location-coordinates = الإحداثيات
location-map = عرض على الخريطة
geo-north = شمالًا
geo-south = جنوبًا
geo-east = شرقًا
geo-west = غربًا

## صفحات الأخطاء
error-label = خطأ
error-home = الانتقال إلى الصفحة الرئيسية
error-search = أو ابحث في الموقع:
error-help = إذا تواصلت معنا بشأن هذه المشكلة، فيُرجى ذكر معرّف التتبع الظاهر في أسفل هذه الصفحة.

## صفحات ينشئها المُصيِّر بنفسه
sitemap-title = خريطة الموقع
bad-request-title = تعذّر علينا فهم هذا الطلب
bad-request-text = العنوان أو الطلب غير سليم. تحقّق من الرابط، أو ابدأ من جديد من الصفحة الرئيسية.
not-found-title = لم نعثر على هذه الصفحة
not-found-text = ربما نُقلت إلى مكان آخر، أو ربما في الرابط خطأ مطبعي. جرّب البحث، أو ابدأ من الصفحة الرئيسية.
method-not-allowed-title = لا يمكن تنفيذ هذا الإجراء على هذه الصفحة
method-not-allowed-text = هذه الصفحة للقراءة فقط. إذا وصلت إليها عبر نموذج، فارجع وحاول مرة أخرى.
gone-title = أُزيلت هذه الصفحة
gone-text = ما كانت تتناوله لم يعد موجودًا. قد يساعدك البحث في العثور على ما حلّ محلها.
server-error-title = حدث خلل من جهتنا
server-error-text = أُبلغنا بالمشكلة. يُرجى المحاولة مجددًا بعد قليل، وإذا تكرر الأمر فأخبرنا بمعرّف التتبع الظاهر أدناه.
forbidden-title = جاء هذا الطلب من موقع آخر
forbidden-text = حمايةً لك، لا تُقبل الاختيارات والنماذج إلا من صفحات هذا الموقع نفسه، ولم يتغيّر شيء. عُد إلى الصفحة التي جئت منها وأعد المحاولة منها.
too-large-title = كان هذا الطلب أكبر مما ينبغي
too-large-text = ما أُرسل يتجاوز ما يقبله هذا الموقع، لذا لم يتغيّر شيء. اختصره ثم أعد المحاولة.
unsupported-type-title = تعذّرت علينا قراءة ما أُرسل
unsupported-type-text = أُرسل النموذج بصيغة لا يقبلها هذا الموقع، لذا لم يتغيّر شيء. عُد إلى الصفحة وأرسله منها مجددًا.
too-many-title = طلبات كثيرة جدًا
too-many-text = يُرجى الانتظار قليلًا قبل المحاولة مجددًا. لم يضِع شيء مما أرسلته.
unavailable-title = هذه الخدمة غير متاحة الآن
unavailable-text = لم يتغيّر شيء. يُرجى المحاولة مجددًا بعد قليل، وإذا تكرر الأمر فأخبرنا بمعرّف التتبع الظاهر أدناه.

## أنواع المواقع
location-kind-office = مكتب
location-kind-lab = مختبر أبحاث
location-kind-data-center = مركز بيانات

## تسميات تفاصيل العناصر
field-starts = يبدأ في
field-ends = ينتهي في
field-venue = مكان الانعقاد
field-speakers = المتحدثون
field-deadline = الموعد النهائي
field-eligibility = من يحق له التقديم
field-team = الفريق
field-locations = المواقع
field-posted = تاريخ النشر
field-closes = آخر موعد للتقديم
field-license = الترخيص
field-version = الإصدار
field-doi = المعرّف الرقمي (DOI)
field-repository = المستودع
field-value = القيمة
field-source = المصدر
field-lead = المسؤول
field-areas = مجالات البحث
field-leads = المسؤولون

## ترقيم صفحات الأقسام الطويلة
pagination = الصفحات
pagination-previous = الصفحة السابقة
pagination-next = الصفحة التالية
pagination-status = الصفحة { $current } من { $total }

## البحث
search-again = ابحث مجددًا
search-title = البحث
search-title-query = البحث: { $query }
search-count = { $count ->
    [zero] لا نتائج عن «{ $query }»
    [one] نتيجة واحدة عن «{ $query }»
    [two] نتيجتان عن «{ $query }»
    [few] { $count } نتائج عن «{ $query }»
   *[other] { $count } نتيجة عن «{ $query }»
}
search-none = لا توجد نتائج عن «{ $query }».
search-did-you-mean = هل تقصد:
search-approximate = لا توجد صفحة تحتوي على كل الكلمات بدقة؛ هذه أقرب النتائج.
search-refine = تضييق النتائج
search-facet-type = النوع
search-facet-section = القسم
search-facet-area = مجال البحث
search-facet-year = السنة
search-facet-remove = إزالة هذا المرشِّح
search-in = في:
search-pages = صفحات النتائج
search-prev = السابقة
search-next = التالية
search-none-tips = تحقّق من الإملاء، أو جرّب كلمات أقل أو أعم، أو ابدأ من إحدى هذه الصفحات.
search-without-filters = أعد البحث دون مرشِّحات
search-sections = الأقسام
search-start-here = ابدأ من هنا
search-suggestions = اقتراحات
search-suggestions-count = { $count ->
    [zero] لا توجد اقتراحات.
    [one] اقتراح واحد. استخدم مفتاحي السهم للأعلى وللأسفل للاختيار.
    [two] اقتراحان. استخدم مفتاحي السهم للأعلى وللأسفل للاختيار.
    [few] { $count } اقتراحات. استخدم مفتاحي السهم للأعلى وللأسفل للاختيار.
   *[other] { $count } اقتراحًا. استخدم مفتاحي السهم للأعلى وللأسفل للاختيار.
}

## الموافقة على ملفات تعريف الارتباط
privacy-choices-icon = أيقونة إلغاء الاشتراك:
consent-title = ملفات تعريف الارتباط في هذا الموقع
consent-text = يستخدم { $site } ملفات تعريف ارتباط ضرورية لعمل الموقع. ونودّ، بإذنك، استخدام ملفات تعريف ارتباط اختيارية أيضًا. يمكنك تغيير اختيارك في أي وقت من رابط «إدارة ملفات تعريف الارتباط» أسفل كل صفحة.
consent-policy-link = اقرأ إشعار ملفات تعريف الارتباط
list-separator = {"، "}
sentence-end = .
consent-purposes = الأغراض الاختيارية:
consent-accept = قبول الكل
consent-reject = رفض الكل
consent-manage = إدارة ملفات تعريف الارتباط
consent-manage-title = إدارة ملفات تعريف الارتباط
consent-manage-intro = اختر ملفات تعريف الارتباط الاختيارية التي يمكن لـ { $site } استخدامها. لا يُفعَّل أي شيء اختياري قبل موافقتك، وسحب الموافقة يتطلب نقرة واحدة.
consent-necessary = ضرورية للغاية
consent-necessary-text = تحفظ لغتك واختياراتك بشأن ملفات تعريف الارتباط. لا يعمل الموقع بدونها، لذا لا تحتاج إلى موافقة.
consent-always-on = مفعّلة دائمًا
consent-vendors = الجهة التي تضعها
consent-cookies = ملفات تعريف الارتباط
consent-retention = مدة الاحتفاظ
consent-allow = السماح بـ { $category }
consent-save = حفظ اختياراتي
consent-gpc-honored = تم احترام إشارة تفضيل إلغاء الاشتراك: إشارة التحكم العالمي في الخصوصية في متصفحك ترفض بيع بياناتك الشخصية ومشاركتها.
consent-optout-title = رفض البيع والمشاركة
consent-optout-text = ارفض بيع معلوماتك الشخصية ومشاركتها وملفات تعريف الارتباط الإعلانية. لا حاجة إلى حساب؛ ويُحفظ اختيارك على هذا الجهاز.
consent-optout-button = لا تبِع معلوماتي الشخصية ولا تشاركها
consent-recorded = تم حفظ اختيارك.
consent-unavailable = تعذّر حفظ اختيارك الآن ولم يتغير شيء. يُرجى المحاولة مرة أخرى.
embed-notice = هذا الفيديو مستضاف لدى { $vendor }، التي تضع ملفات تعريف ارتباط عند تحميله.
embed-load = شاهد على موقع الفيديو
embed-always-allow = السماح دائمًا بـ { $category }

## Content types: details
field-location = الموقع
field-hosts = التقديم
field-series = السلسلة
field-episode = الحلقة
field-recorded = تاريخ التسجيل
field-program-kind = النوع
field-opens = بدء التقديم
field-remote = العمل عن بُعد
field-employment = نوع التوظيف
field-as-of = بتاريخ
field-when = الموعد
field-timezone = المنطقة الزمنية
field-event-kind = النوع
field-attendance = طريقة الحضور
field-tool-kind = النوع
field-released = تاريخ الإصدار
field-authors = المؤلفون
attendance-mixed = حضوريًا أو عبر الإنترنت
attendance-online = عبر الإنترنت
related-stories = قصص ذات صلة
related-stories-by = القصص
related-labs = المختبرات
related-tools = الأدوات والبيانات
related-events = الفعاليات
related-people = الأشخاص
related-upcoming = الجلسات القادمة
related-tools-mentioned = الأدوات المذكورة في هذه الحلقة
related-open-jobs = وظائف شاغرة قد تهمك
related-team-jobs = وظائف أخرى في هذا الفريق
related-jobs = وظائف شاغرة هنا
related-speakers = المتحدثون
related-episodes = حلقات المنتدى عنها
related-tools-using = أدوات مبنية عليها
calendar-subscribe = الاشتراك في التقويم
program-closed = أُغلق باب التقديم في { $date }.
program-opens = يُفتح باب التقديم في { $date }.
program-open-until = باب التقديم مفتوح حتى { $date }.
program-open = باب التقديم مفتوح.
program-apply = قدِّم الآن
program-deadline = آخر موعد: { $date }
remote-onsite = في الموقع
remote-hybrid = مختلط
remote-remote = عن بُعد
job-closed = أُغلق باب التقديم لهذه الوظيفة في { $date }. تبقى الصفحة هنا للرجوع إليها.
job-open-until = قدِّم قبل { $date }
job-apply = قدِّم على هذه الوظيفة
event-when-same-day = { $date }، من { $start } إلى { $end }
event-when-span = من { $start } إلى { $end }
event-recurring = فعالية متكررة: انظر المواعيد القادمة أدناه.
event-past = انتهت هذه الفعالية.
event-live = تجري الآن
event-upcoming = فعالية قادمة
event-register = سجِّل
event-join-online = انضم عبر الإنترنت
event-add-to-calendar = أضف إلى التقويم
event-next-dates = المواعيد القادمة
tool-kind-dataset = مجموعة بيانات
tool-kind-model = نموذج
tool-kind-sdk = حزمة تطوير
tool-kind-api = واجهة برمجية
tool-kind-code = شيفرة
tool-repository = الشيفرة المصدرية
tool-version = الإصدار { $version }
cite-this = استشهد بهذا العمل
cite-download = نزِّل الاستشهاد
cite-bibtex = BibTeX
cite-ris = RIS
cite-csl = CSL-JSON
cite-cff = CITATION.cff
status-closed = مغلق
status-soon = يُفتح قريبًا
status-open = مفتوح
fact-as-of = بتاريخ { $date }
fact-now = الآن
chart-title = { $title } عبر الزمن
chart-description = من { $from } في { $from_date } إلى { $to } في { $to_date }.
chart-table = { $title }: القيم
chart-date = التاريخ

## Lists and filters
filters = عوامل التصفية
filter-tag = الموضوع
filter-kind = النوع
filter-area = مجال البحث
filter-license = الترخيص
filter-team = الفريق
filter-location = المكان
filter-remote = العمل عن بُعد
filter-when = الموعد
filter-type = النوع
filter-any = الكل
filter-remove = أزل هذا المرشِّح
filters-active = يُعرض فقط
filters-clear = امسح كل عوامل التصفية
events-upcoming = القادمة
events-past = السابقة
programs-open = المفتوحة والقادمة
programs-closed = المغلقة
region-africa = أفريقيا
region-americas = الأمريكتان
region-asia = آسيا
region-europe = أوروبا
region-oceania = أوقيانوسيا
region-other = أماكن أخرى
feed-all = موجز Atom: { $title }
feed-tag = موجز Atom: { $tag }
list-results = النتائج
list-count = { $count ->
    [0] لا شيء للعرض
    [one] عنصر واحد
    [two] عنصران
    [few] { $count } عناصر
   *[other] { $count } عنصرًا
}
list-empty-title = لا شيء يطابق كل عوامل التصفية هذه
list-empty-text = أزل أحد عوامل التصفية أعلاه، أو امسحها كلها لرؤية القائمة كاملة.
map-title = خريطة مواقعنا الـ{ $count }
map-description = خريطة للعالم عليها علامة لكل موقع، والمواقع نفسها مدرجة أدناه حسب المنطقة، لكل منها رابط إلى صفحته.

## صفحات الفريق (/admin/)
admin-title = تسجيل دخول الفريق
admin-nav = صفحات الفريق
admin-home = نظرة عامة
admin-account = حسابك
admin-accounts = الحسابات
admin-audit = سجل التدقيق
admin-sign-in = تسجيل الدخول
admin-sign-out = تسجيل الخروج
admin-sign-out-everywhere = تسجيل الخروج من كل الأجهزة
admin-signed-out = تم تسجيل خروجك.
admin-errors = { $count ->
    [zero] لا توجد مشكلات
    [one] توجد مشكلة واحدة
    [two] توجد مشكلتان
    [few] توجد { $count } مشكلات
    [many] توجد { $count } مشكلةً
   *[other] توجد { $count } مشكلة
}
admin-sign-in-intro = سجّل الدخول لتحرير محتوى موقع { $site } ونشره.
admin-sign-in-help = ليست لديك كلمة مرور بعد؟ اطلب رابط تسجيل دخول من أحد المسؤولين.
admin-email = عنوان البريد الإلكتروني
admin-password = كلمة المرور
admin-name = الاسم
admin-role = الدور
admin-scope = يقتصر على
admin-scope-all = الموقع بأكمله
admin-state = الحالة
admin-state-active = نشط
admin-state-disabled = معطَّل
admin-actions = الإجراءات
admin-continue = متابعة
admin-sign-in-failed = عنوان البريد الإلكتروني وكلمة المرور هذان لا يطابقان أي حساب. تحقّق منهما ثم أعد المحاولة.
admin-sign-in-wait = محاولات فاشلة كثيرة جدًا. انتظر { $seconds ->
    [one] ثانية واحدة
    [two] ثانيتين
    [few] { $seconds } ثوانٍ
   *[other] { $seconds } ثانية
} قبل المحاولة مجددًا؛ ويظل بإمكانك في الأثناء الدخول بمفتاح مرور أو بتسجيل الدخول الموحّد.
admin-sign-in-missing = أدخل عنوان بريدك الإلكتروني وكلمة المرور.
admin-code-title = أدخل الرمز
admin-code-intro = افتح تطبيق المصادقة وأدخل الرمز المكوّن من ستة أرقام الذي يعرضه لهذا الموقع، أو أحد رموز الاسترداد الخاصة بك.
admin-code = الرمز
admin-code-help = ستة أرقام، أو رمز استرداد مثل abcde-12345.
admin-code-wrong = هذا الرمز غير صحيح، أو سبق استخدامه. تتغيّر الرموز كل 30 ثانية: جرّب الرمز الحالي.
admin-code-expired = انتهت مهلة إدخال الرمز. سجّل الدخول مجددًا.
admin-link-title = متابعة تسجيل الدخول
admin-link-intro = يتيح لك هذا الرابط تسجيل الدخول إلى صفحات فريق { $site }، ولا يعمل إلا مرة واحدة.
admin-link-continue = تسجيل الدخول
admin-link-invalid-title = رابط تسجيل الدخول هذا لا يعمل
admin-link-invalid = انتهت صلاحية الرابط، أو سبق استخدامه، أو لم يُنسخ كاملًا. اطلب رابطًا جديدًا من أحد المسؤولين.
admin-role-admin = مسؤول
admin-role-publisher = ناشر
admin-role-editor = محرِّر
admin-role-contributor = مساهم
admin-role-viewer = قارئ
admin-password-rules = يجب ألا يقل عدد الأحرف عن { $min }. بضع كلمات لا رابط بينها تصنع كلمة مرور جيدة، ولا توجد قواعد تفرض أرقامًا أو رموزًا.
admin-password-current = كلمة المرور الحالية
admin-password-new = كلمة المرور الجديدة
admin-password-save = حفظ كلمة المرور
admin-password-saved = تم حفظ كلمة المرور، وسُجّل خروجك من جلساتك الأخرى.
admin-password-wrong = كلمة المرور الحالية غير صحيحة.
admin-password-short = يجب ألا يقل عدد الأحرف عن { $min }، وعددها في كلمة المرور هذه { $found }.
admin-password-long = يجب ألا يزيد عدد الأحرف على { $max }.
admin-password-weak = كلمة المرور هذه سهلة التخمين. أضف إليها كلمات أخرى، أو استخدم عبارة مرور من اختيارك.
admin-totp-title = التحقق بخطوتين
admin-totp-on = التحقق بخطوتين مفعَّل: عند تسجيل الدخول بكلمة المرور يُطلب منك أيضًا رمز من تطبيق المصادقة.
admin-totp-setup = أضف هذا الموقع إلى تطبيق مصادقة، ثم أدخل الرمز الذي يعرضه لتفعيل التحقق بخطوتين.
admin-totp-key = مفتاح الإعداد:
admin-totp-open-app = فتح في تطبيق مصادقة على هذا الجهاز
admin-totp-qr = رمز QR يحمل مفتاح الإعداد، لتطبيق المصادقة
admin-totp-turn-on = تفعيل
admin-totp-turn-off = إيقاف
admin-totp-enabled = تم تفعيل التحقق بخطوتين. احفظ رموز الاسترداد أدناه في مكان آمن.
admin-totp-disabled = تم إيقاف التحقق بخطوتين.
admin-recovery-title = رموز الاسترداد الخاصة بك
admin-recovery-text = يتيح لك كل رمز تسجيل الدخول مرة واحدة إذا فقدت تطبيق المصادقة. لن تُعرض هذه الرموز إلا الآن: اطبعها أو احفظها في مدير كلمات مرور.
admin-sessions = أين سجّلت دخولك
admin-session-browser = المتصفح
admin-session-method = طريقة تسجيل الدخول
admin-session-started = منذ
admin-session-seen = آخر نشاط
admin-session-this = هذا المتصفح
admin-session-ended = تم تسجيل الخروج من تلك الجلسة.
admin-sessions-ended = تم تسجيل الخروج من كل الجلسات، بما فيها هذه الجلسة.
admin-invite = دعوة شخص
admin-invite-send = إنشاء الحساب ورابط تسجيل الدخول
admin-sections = الأقسام
admin-sections-help = مجلدات مثل careers/ أو research/labs/ تفصل بينها مسافات. اتركه فارغًا ليشمل كل الأقسام.
admin-locales = اللغات
admin-locales-help = رموز لغات مثل fr أو en-GB تفصل بينها مسافات. اتركه فارغًا ليشمل كل اللغات.
admin-link-made = رابط تسجيل دخول لـ { $email }
admin-link-share = أرسل هذا الرابط إلى صاحبه بنفسك. يعمل مرة واحدة خلال { $hours ->
    [one] ساعة واحدة
    [two] ساعتين
    [few] { $hours } ساعات
   *[other] { $hours } ساعة
}، ولن يُعرض إلا الآن.
admin-enable = تفعيل
admin-disable = تعطيل
admin-delete = حذف
admin-new-link = رابط تسجيل دخول جديد
admin-account-exists = يوجد بالفعل حساب بعنوان البريد الإلكتروني هذا.
admin-email-invalid = أدخل عنوان بريد إلكتروني مثل name@example.org.
admin-scope-invalid = { $problem }
admin-changed = تم الحفظ.
admin-forbidden-title = غير مسموح
admin-forbidden = دورك لا يتيح هذا الإجراء. اطلبه من أحد المسؤولين إن كنت بحاجة إليه.
admin-csrf-title = انتهت صلاحية هذا النموذج
admin-csrf = ظلّت الصفحة مفتوحة مدة طويلة جدًا أو تغيّرت جلستك. لم يُحفظ شيء: ارجع، وأعد تحميل الصفحة، ثم حاول مجددًا.
admin-audit-verified = تم التحقق من السجل وعدد قيوده { $count }: لم يُعدَّل فيه شيء ولم يُحذف منه شيء.
admin-audit-broken = تعذّر التحقق من السجل: { $problem }
admin-audit-time = الوقت (UTC)
admin-audit-actor = مَن
admin-audit-action = ماذا
admin-audit-subject = بشأن
admin-audit-detail = التفاصيل
admin-passkeys = مفاتيح المرور
admin-passkeys-intro = يتيح لك مفتاح المرور تسجيل الدخول بقفل شاشة جهازك أو بمفتاح أمان: لا كلمة مرور تكتبها، ولا شيء يُسرق من هذا الموقع.
admin-passkey-name = الاسم
admin-passkey-name-help = للتمييز بين مفاتيح المرور، مثل «حاسوب العمل».
admin-passkey-add = إضافة مفتاح مرور
admin-passkey-remove = إزالة
admin-passkey-used = آخر استخدام
admin-passkey-sign-in = تسجيل الدخول بمفتاح مرور
admin-passkey-failed = لم يُسجَّل دخولك بمفتاح المرور. حاول مجددًا، أو سجّل الدخول بكلمة المرور.
admin-passkey-expired = استغرق ذلك وقتًا طويلًا. حاول مجددًا.
admin-passkey-added = أُضيف مفتاح المرور. وسُجِّل خروج جلساتك الأخرى.
admin-passkey-removed = أُزيل مفتاح المرور. وسُجِّل خروج جلساتك الأخرى.
admin-passkey-needs-js = تتطلب إضافة مفتاح مرور متصفحًا يدعم JavaScript ومفاتيح المرور.
admin-or = أو
admin-totp-required-title = التحقق بخطوتين حسب الدور
admin-totp-required-help = يجب على الحسابات ذات هذه الأدوار تفعيل التحقق بخطوتين (أو تسجيل الدخول بمفتاح مرور) قبل القيام بأي شيء آخر:
admin-totp-required-save = حفظ
admin-totp-needed = يتطلب دورك التحقق بخطوتين. فعّله أدناه، أو أضف مفتاح مرور، للمتابعة.
admin-sso-button = تسجيل الدخول عبر { $name }
admin-sso-title = الدخول الموحّد
admin-sso-continue = تم تسجيل دخولك. جارٍ المتابعة…
admin-continue = متابعة
admin-sso-again = العودة إلى تسجيل الدخول
admin-sso-unavailable = تعذّر الوصول إلى خدمة تسجيل الدخول الآن. حاول مرة أخرى بعد بضع دقائق، أو سجّل الدخول بطريقة أخرى.
admin-sso-expired = استغرق تسجيل الدخول هذا وقتًا طويلًا أو بدأ في متصفح آخر. ابدأ من جديد من صفحة تسجيل الدخول.
admin-sso-refused = لم تؤكد خدمة تسجيل الدخول هويتك. ابدأ من جديد من صفحة تسجيل الدخول.
admin-sso-unverified = لم تتحقق خدمة تسجيل الدخول من عنوان بريدك الإلكتروني، لذا لا يمكن ربطه بحساب هنا.
admin-sso-no-account = لا يوجد حساب نشط للعنوان { $email } هنا. اطلب دعوة من أحد المسؤولين.
admin-sso-no-role = العنوان { $email } ليس ضمن أي مجموعة لها دور في هذا الموقع. راجع أحد المسؤولين.
admin-content = المحتوى
admin-content-intro = { $count } عنصرًا وترجمة. افتح أحدها لقراءته أو لكتابة مسودة.
admin-content-home = الصفحة الرئيسية
admin-content-item = العنصر
admin-content-published = منشور
admin-content-draft = مسودة
admin-content-missing = غير موجود
admin-content-back = كل المحتوى
admin-item = العنصر
admin-item-missing = لا يوجد عنصر { $item }.
admin-item-forbidden = لا يشمل دورك أو نطاقك هذا العنصر. راجع أحد المسؤولين إن كنت تحتاج إليه.
admin-item-edit = تعديل
admin-item-read = قراءة
admin-item-text = الملف: الترويسة والنص
admin-item-text-help = ترويسة TOML بين سطري +++، ثم نص Markdown. الحفظ ينشئ مسودة ولا يغيّر الصفحة المنشورة.
admin-item-message = ملاحظة عن هذا التغيير
admin-item-save = حفظ المسودة
admin-item-saved = حُفظت مسودتك.
admin-item-line = السطر
admin-item-conflict = حفظ { $author } نسخة أحدث أثناء تعديلك. نصك محفوظ أدناه؛ ادمج النسخة الأحدث فيه ثم احفظ مجددًا.
admin-item-newer = النسخة الأحدث، بقلم { $author }
admin-item-newer-help = انسخ منها ما تحتاج إليه إلى نصك أدناه.
admin-item-newer-text = النسخة الأحدث (للقراءة فقط)
admin-item-history = السجل
admin-item-revision = المراجعة
admin-item-author = الكاتب
admin-item-when = التاريخ
admin-item-review = المراجعة والنشر
admin-item-review-in-review = قيد المراجعة
admin-item-review-approved = معتمد
admin-item-submit = إرسال المراجعة { $revision } للتدقيق
admin-item-approve = اعتماد المراجعة { $revision }
admin-item-publish = نشر المراجعة { $revision }
admin-item-submitted = أُرسل للتدقيق.
admin-item-approved = اعتُمد: يمكن الآن نشر هذه المراجعة بالذات دون غيرها.
admin-item-published = نُشر. سيظهر على الموقع خلال لحظات.
admin-item-step-refused = تعذّر ذلك: تغيّر العنصر منذ عرض الصفحة، أو أن المراجعة ليست المعتمدة. هذا هو العنصر كما هو الآن.
admin-item-merged = تغييراتك والتغييرات المحفوظة في الأثناء شملت أسطرًا مختلفة: احتُفظ بالاثنين في المسودة الجديدة.
admin-item-restored = أصبح نص المراجعة القديمة هو أحدث مسودة.
admin-item-restore = استعادة المراجعة { $revision } كمسودة
admin-item-changes = تغييرات المراجعة { $revision }
admin-item-compare = مقارنة المراجعات
admin-item-compare-intro = المراجعة { $to } بقلم { $author }، مقارنةً بالمراجعة { $from }.
admin-item-compare-caption = الأسطر التي تغيّرت بين المراجعتين { $from } و{ $to }
admin-item-compare-missing = هاتان ليستا مراجعتين لهذا العنصر.
admin-item-compare-same = للمراجعتين النص نفسه.
admin-item-change = السطر
admin-item-added = أُضيف
admin-item-removed = حُذف
admin-item-back = العودة إلى العنصر
admin-item-kept = النص الذي كتبته هنا في { $at } (بالتوقيت العالمي) لم يُحفظ.
admin-item-kept-restore = إعادته إلى المحرر
admin-item-kept-discard = التخلي عنه
admin-item-kept-restored = عاد نصك غير المحفوظ إلى المحرر. احفظه لتحتفظ به؛ وإن حفظ أحدٌ في الأثناء فسيُدمج النصان.
admin-item-local = احتفظ هذا المتصفح بنص كتبته هنا ولم يُحفظ.
admin-item-autosaved = حُفظ على الخادم في
admin-item-offline = لا اتصال: نصك محفوظ في هذا المتصفح.
admin-content-section = القسم
admin-content-items = العناصر
admin-content-counts = مسودات: { $drafts }، قيد المراجعة: { $review }، غير موجودة: { $missing }
admin-content-section-count = عدد العناصر: { $count }؛ الصفحة { $page } من { $pages }.
admin-content-pages = صفحات هذا القسم
admin-content-previous = الصفحة السابقة
admin-content-next = الصفحة التالية
admin-item-others = يعدّل هذا العنصر أيضًا (نص غير محفوظ خلال نصف الساعة الأخيرة): { $people }. الحفظ لا يمحو عملهم أبدًا: تُدمج التغييرات في الأسطر الأخرى، ويُعرض الباقي جنبًا إلى جنب.

## What visitors see: disclosures, events, people, figures
filters-summary =
    { $count ->
        [0] عوامل التصفية
        [one] عوامل التصفية (1 مفعّل)
       *[other] عوامل التصفية ({ $count } مفعّلة)
    }
event-recurring-badge = متكرر
event-kind-conference-talk = محاضرة في مؤتمر
event-kind-forum = منتدى
event-kind-seminar = ندوة
event-kind-summer-school = مدرسة صيفية
event-kind-workshop = ورشة عمل
event-kind-event = فعالية

## مكتبة الوسائط
admin-media = الوسائط
admin-media-upload = رفع ملف
admin-media-file = الملف: JPEG أو PNG أو GIF أو WebP أو PDF، بحد أقصى 20 ميبيبايت
admin-media-alt = النص البديل
admin-media-alt-help = ما تُظهره الصورة، بلغة هذه الصفحة. يمكن إضافة النص البديل بكل لغة أدناه بعد رفع الملف.
admin-media-alt-in = النص البديل ({ $locale })
admin-media-decorative = زخرفية: لا تضيف شيئًا إلى النص
admin-media-upload-submit = رفع
admin-media-files = الملفات
admin-media-empty = المكتبة فارغة.
admin-media-size = { $width } × { $height } بكسل
admin-media-use-as = استخدمه في المحتوى هكذا
admin-media-missing-alt = لا يوجد نص بديل بلغة { $locale } بعد: لا يمكن استخدام الصورة فيها.
admin-media-focal = النقطة المحورية (ما يبقى ظاهرًا عند القص)
admin-media-focal-x = أفقيًا، من 0 إلى 1
admin-media-focal-y = عموديًا، من 0 إلى 1
admin-media-save = حفظ
admin-media-usage = يستخدمه
admin-media-unused = لا يستخدم أي عنصر هذا الملف.
admin-media-draft = مسودة
admin-media-delete = حذف
admin-media-preview = معاينة { $name }
admin-media-in-use = { $count ->
        [one] يستخدم عنصر واحد هذا الملف: لا يمكن حذفه ما دام يستخدمه.
       *[other] تستخدم { $count } عناصر هذا الملف: لا يمكن حذفه ما دامت تستخدمه.
    }
admin-media-done-uploaded = تم رفع الملف.
admin-media-done-existing = هذا الملف موجود في المكتبة من قبل.
admin-media-done-saved = تم الحفظ.
admin-media-done-deleted = تم حذف الملف.
admin-media-no-file = اختر ملفًا لرفعه.
admin-media-refused = لا يسمح دورك بهذا في مكتبة الوسائط.
admin-media-bad-focal = النقطة المحورية رقمان من 0 إلى 1.

## المحرر: الجدولة والتعليقات وإلغاء النشر وسلة المحذوفات
admin-content-outdated = بحاجة إلى تحديث
admin-item-unpublished = أُزيل من الموقع. مراجعاته محفوظة؛ انشره من جديد عبر المراجعة.
admin-item-scheduled = تمت الجدولة. المهمة مدرجة أدناه مع حالتها.
admin-item-cancelled = أُلغيت المهمة.
admin-item-commented = أُضيف تعليقك.
admin-item-untrashed = أُخرج من سلة المحذوفات. لم يُنشر بعد؛ انشره من جديد عبر المراجعة.
admin-item-created = حُفظ العنصر الجديد مسودةً. لن يظهر على الموقع حتى يُنشر.
admin-item-trashed = العنصر في سلة المحذوفات وخارج الموقع. يمكنك استعادته من هنا في أي وقت.
admin-item-unpublish-refused = لا يمكن إزالته من الموقع: ما زال محتوى آخر يشير إليه. عدّل ذلك أولًا.
admin-item-unpublish = إلغاء النشر الآن
admin-item-trash = نقل إلى سلة المحذوفات
admin-item-remove = الإزالة من الموقع
admin-item-remove-help = إلغاء النشر يُبقي العنصر وسجله في المحرر. أما سلة المحذوفات فتخفيه أيضًا من شجرة المحتوى، ويمكن استعادته.
admin-schedule = الجدولة
admin-schedule-what = الإجراء
admin-schedule-publish = نشر المراجعة المعتمدة { $revision }
admin-schedule-unpublish = إزالة العنصر من الموقع
admin-schedule-at = التاريخ والوقت ({ $zone })
admin-schedule-help = بتوقيت الموقع، { $zone }. يُراعى التوقيت الصيفي.
admin-schedule-submit = جدولة
admin-schedule-bad-time = «{ $value }» ليس تاريخًا ووقتًا. استخدم حقلي التاريخ والوقت، مثل 2027-03-14 09:30.
admin-schedule-past = لقد مضى { $at }. اختر وقتًا في المستقبل، أو انشر الآن.
admin-jobs = المهام المجدولة
admin-job-what = المهمة
admin-job-when = الموعد ({ $zone })
admin-job-by = جدولها
admin-job-publish = نشر المراجعة { $revision }
admin-job-unpublish = إلغاء النشر
admin-job-cancel = إلغاء المهمة { $job }
admin-job-state-pending = قيد الانتظار
admin-job-state-late = متأخرة
admin-job-state-done = مُنجزة
admin-job-state-failed = فشلت
admin-job-state-cancelled = مُلغاة
admin-comments = التعليقات
admin-comments-none = لا تعليقات بعد.
admin-comment = تعليق
admin-comment-optional = تعليق (اختياري)
admin-comment-submit = إضافة التعليق
admin-comment-empty = لا يمكن أن يكون التعليق فارغًا.
admin-comment-step-comment = تعليق
admin-comment-step-submit = عند الإرسال للمراجعة
admin-comment-step-approve = عند الاعتماد
admin-comment-step-publish = عند النشر
admin-comment-step-unpublish = عند إلغاء النشر
admin-comment-step-schedule = عند الجدولة
admin-trash = سلة المحذوفات
admin-trash-intro = العناصر في سلة المحذوفات خارج الموقع وخارج شجرة المحتوى. استعادة عنصر تعيده غير منشور.
admin-trash-empty = سلة المحذوفات فارغة.
admin-trash-restore = استعادة { $item }
admin-trash-when = نُقل إلى السلة
admin-item-form-of = التحرير بنموذج ({ $type }).
admin-item-text-mode = تحرير الملف كاملًا (الوضع النصي)
admin-item-form-mode = التحرير بالنموذج
admin-item-form-unusable = لا يمكن تحرير هذا الملف بالنموذج؛ استخدم الوضع النصي.
admin-item-problems-elsewhere = مشكلات في أجزاء لا يعرضها هذا النموذج (حرّرها في الوضع النصي):
admin-item-body = النص (Markdown)
admin-item-body-help = فقرات، عناوين (##)، قوائم (-)، روابط [نص](عنوان). الحفظ ينشئ مسودة؛ الصفحة المنشورة لا تتغير.
admin-toolbar = التنسيق
admin-toolbar-bold = عريض
admin-toolbar-italic = مائل
admin-toolbar-heading = عنوان
admin-toolbar-list = قائمة
admin-toolbar-quote = اقتباس
admin-toolbar-link = رابط
field-required = مطلوب
field-lines = عنصر في كل سطر.
field-example = مثال: { $example }
field-title = العنوان
field-summary = الملخص
field-description = الوصف لمحركات البحث
field-menu_title = العنوان في القوائم
field-date = التاريخ
field-updated = آخر تحديث
field-weight = الترتيب
field-tags = الوسوم
field-slug = العنوان في الرابط (slug)
admin-new = عنصر جديد
admin-new-type = نوع العنصر
admin-new-locale = اللغة
admin-new-next = متابعة
admin-new-intro = عنصر جديد من نوع { $type } باللغة { $locale }.
admin-new-folder = المكان
admin-new-slug = العنوان
admin-new-slug-help = الجزء الأخير من عنوانه على الويب: أحرف لاتينية صغيرة وأرقام وشرطات (harbour-sensors).
admin-new-create = إنشاء المسودة
admin-new-bad-slug = اختر مجلدًا من القائمة وعنوانًا من أحرف لاتينية صغيرة وأرقام وشرطات مفردة.
admin-new-taken = يوجد عنصر { $key } بهذه اللغة، أو ملف بهذا الاسم.
admin-dash-drafts = مسوداتي
admin-dash-drafts-none = لا مسودات لك بانتظار العمل.
admin-dash-review = بانتظار المراجعة
admin-dash-review-none = لا شيء بانتظار مراجعتك.
admin-dash-approved = معتمدة ولم تُنشر بعد
admin-dash-approved-none = لا عناصر معتمدة بانتظار النشر.
admin-dash-scheduled = المجدولة ({ $zone })
admin-dash-scheduled-none = لا شيء مجدول.
admin-dash-published = نُشرت مؤخرًا
admin-dash-published-none = لم يُنشر شيء من المحرر بعد.
admin-dash-failed = مهام فشلت
admin-dash-failed-none = لم تفشل أي مهمة.

# The video's play button behind consent, and the locations map's key.
video-play = تشغيل الفيديو
embed-play-why = المشغّل من { $vendor } ولا يُحمَّل إلا بعد أن تسمح بفئة { $category }. اختر «السماح دائمًا» أدناه، أو شاهد الفيديو على موقعه.
map-legend = مفتاح الخريطة
admin-preview = المعاينة
admin-preview-open = فتح معاينة المراجعة { $revision }
admin-preview-link = رابط معاينة للمراجعين بلا حساب (صالح حتى { $until })
admin-preview-link-help = كل من لديه هذا الرابط يرى هذه المراجعة كما ستبدو الصفحة، حتى ذلك الموعد. لا تفهرسه محركات البحث أبدًا.
admin-preview-live = معاينة مباشرة لما تكتبه
field-image = الصورة
field-image-src = الملف: ملف من الموقع (images/…) أو من مكتبة الوسائط (media:…)
field-image-alt = النص البديل
field-image-alt-help = ما تعرضه الصورة، لمن لا يستطيع رؤيتها. لصورة المكتبة نص بديل خاص بكل لغة؛ اتركه فارغًا لاستخدامه.

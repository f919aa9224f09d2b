# Textes d’interface du thème par défaut de Portico : français.
# Un site remplace n’importe lequel d’entre eux dans son propre i18n/<locale>.ftl.

## En-tête et navigation
skip-link = Aller au contenu principal
nav-main = Principal
# Le lien en tête d’un panneau du méga-menu, vers la page de la rubrique.
nav-overview = Découvrir la rubrique { $section }
# La dernière entrée du menu : un panneau qui liste toutes les rubriques et pages.
nav-all = Tout { $site }
search-label = Rechercher sur le site { $site }
search-placeholder = Rechercher
search-button = Rechercher
sign-in = Se connecter
breadcrumb = Fil d’Ariane

## Langue de repli
fallback-notice = Cette page n’est pas encore disponible en { $locale } ; elle est affichée en { $fallback }.

## Pied de page
language = Langue
legal = Mentions légales
sitemap = Plan du site
trace-id = Identifiant de trace : { $id }

## Cartes, images et blocs
learn-more = En savoir plus
# Masqué à l’écran, après le libellé du lien : rend chaque lien « En savoir plus » unique.
learn-more-about = sur { $title }
image-credit = Crédit : { $credit }
in-this-section = Dans cette rubrique
video-watch = Regarder la vidéo
video-download = Télécharger la vidéo
video-transcript = Lire la transcription

## Types de contenu
kind-page = Page
kind-section = Rubrique
kind-story = Article
kind-person = Portrait
kind-location = Site
kind-lab = Laboratoire
kind-area = Domaine de recherche
kind-event = Événement
kind-series = Série
kind-episode = Épisode
kind-program = Programme
kind-job = Offre d’emploi
kind-tool = Outil
kind-fact = Chiffre clé

## Articles et fiches
story-by = Rédigé par
published = Publié le
updated = Mis à jour le
tags = Thèmes
item-details = L’essentiel

## Sites
location-address = Adresse
location-details = Informations
location-kind = Type
location-timezone = Fuseau horaire
location-coordinates = Coordonnées
location-map = Voir sur une carte
geo-north = N
geo-south = S
geo-east = E
geo-west = O

## Pages d’erreur
error-label = Erreur
error-home = Aller à la page d’accueil
error-search = Ou faites une recherche sur le site :
error-help = Si vous nous contactez à propos de ce problème, merci d’indiquer l’identifiant de trace affiché en bas de cette page.

## Pages produites par le moteur de rendu
sitemap-title = Plan du site
bad-request-title = Nous n’avons pas compris cette demande
bad-request-text = L’adresse ou la demande est mal formée. Vérifiez le lien ou repartez de la page d’accueil.
not-found-title = Cette page est introuvable
not-found-text = Elle a peut-être été déplacée, ou le lien contient une erreur. Essayez la recherche ou repartez de la page d’accueil.
method-not-allowed-title = Cette page ne permet pas cette action
method-not-allowed-text = Cette page ne peut qu’être consultée. Si un formulaire vous a conduit ici, revenez en arrière et réessayez.
gone-title = Cette page a été supprimée
gone-text = Ce qu’elle décrivait n’existe plus. La recherche vous mènera peut-être à ce qui l’a remplacé.
server-error-title = Un problème est survenu de notre côté
server-error-text = Nous en avons été informés. Réessayez dans un instant ; si le problème persiste, communiquez-nous l’identifiant de trace ci-dessous.
forbidden-title = Cette demande venait d’un autre site
forbidden-text = Pour votre protection, les choix et les formulaires ne sont acceptés que depuis les pages de ce site, et rien n’a été modifié. Revenez à la page d’origine et réessayez depuis celle-ci.
too-large-title = Cette demande était trop volumineuse
too-large-text = Ce qui a été envoyé dépasse ce que ce site accepte ; rien n’a donc été modifié. Raccourcissez-le et réessayez.
unsupported-type-title = Nous n’avons pas pu lire ce qui a été envoyé
unsupported-type-text = Le formulaire a été envoyé dans un format que ce site n’accepte pas ; rien n’a donc été modifié. Revenez en arrière et renvoyez-le depuis la page.
too-many-title = Trop de demandes
too-many-text = Veuillez patienter un instant avant de réessayer. Rien de ce que vous avez envoyé n’a été perdu.
unavailable-title = Ce service n’est pas disponible pour le moment
unavailable-text = Rien n’a été modifié. Réessayez dans un instant ; si le problème persiste, communiquez-nous l’identifiant de trace ci-dessous.

## Types de sites
location-kind-office = Bureau
location-kind-lab = Laboratoire de recherche
location-kind-data-center = Centre de données

## Libellés des informations
field-starts = Début
field-ends = Fin
field-venue = Lieu
field-speakers = Intervenants
field-deadline = Date limite
field-eligibility = Conditions d’admission
field-team = Équipe
field-locations = Implantations
field-posted = Publiée le
field-closes = Clôture
field-license = Licence
field-version = Version
field-doi = DOI
field-repository = Dépôt
field-value = Valeur
field-source = Source
field-lead = Responsable
field-leads = Responsables
field-areas = Domaines de recherche

## Pagination des longues rubriques
pagination = Pages
pagination-previous = Page précédente
pagination-next = Page suivante
pagination-status = Page { $current } sur { $total }

## Recherche
search-again = Nouvelle recherche
search-title = Recherche
search-title-query = Recherche : { $query }
search-count = { $count ->
    [one] 1 résultat pour « { $query } »
   *[other] { $count } résultats pour « { $query } »
}
search-none = Aucun résultat pour « { $query } ».
search-did-you-mean = Vouliez-vous dire :
search-approximate = Aucune page ne contient exactement tous les mots ; voici les plus proches.
search-refine = Affiner les résultats
search-facet-type = Type
search-facet-section = Rubrique
search-facet-area = Domaine de recherche
search-facet-year = Année
search-facet-remove = retirer ce filtre
search-in = Dans :
search-pages = Pages de résultats
search-prev = Précédente
search-next = Suivante
search-none-tips = Vérifiez l’orthographe, essayez des mots moins nombreux ou plus généraux, ou partez de l’une de ces pages.
search-without-filters = Relancer la recherche sans filtres
search-sections = Rubriques
search-start-here = Pour commencer
search-suggestions = Suggestions
search-suggestions-count = { $count ->
    [0] Aucune suggestion.
    [one] 1 suggestion. Utilisez les flèches haut et bas pour choisir.
   *[other] { $count } suggestions. Utilisez les flèches haut et bas pour choisir.
}

## Consentement aux cookies
privacy-choices-icon = Icône de refus :
consent-title = Les cookies sur ce site
consent-text = { $site } utilise des cookies strictement nécessaires au fonctionnement du site. Avec votre accord, nous aimerions aussi utiliser des cookies facultatifs. Vous pouvez changer d’avis à tout moment avec « Gérer les cookies », en bas de chaque page.
consent-policy-link = Lire la politique relative aux cookies
list-separator = {", "}
sentence-end = .
consent-purposes = Finalités facultatives :
consent-accept = Tout accepter
consent-reject = Tout refuser
consent-manage = Gérer les cookies
consent-manage-title = Gérer les cookies
consent-manage-intro = Choisissez les cookies facultatifs que { $site } peut utiliser. Rien de facultatif n’est activé sans votre accord, et le retirer ne demande qu’un clic.
consent-necessary = Strictement nécessaires
consent-necessary-text = Ils retiennent votre langue et vos choix en matière de cookies. Le site ne peut pas fonctionner sans eux : ils ne demandent pas de consentement.
consent-always-on = Toujours actifs
consent-vendors = Déposés par
consent-cookies = Cookies
consent-retention = Conservés
consent-allow = Autoriser : { $category }
consent-save = Enregistrer mes choix
consent-gpc-honored = Signal de préférence de refus respecté : le Global Privacy Control de votre navigateur refuse la vente et le partage de vos données personnelles.
consent-optout-title = Refuser la vente et le partage
consent-optout-text = Refusez la vente et le partage de vos informations personnelles ainsi que les cookies publicitaires. Aucun compte n’est nécessaire ; le choix est retenu sur cet appareil.
consent-optout-button = Ne pas vendre ni partager mes informations personnelles
consent-recorded = Votre choix est enregistré.
consent-unavailable = Votre choix n’a pas pu être enregistré pour le moment ; rien n’a changé. Veuillez réessayer.
embed-notice = Cette vidéo est hébergée par { $vendor }, qui dépose des cookies à son chargement.
embed-load = Regarder sur le site vidéo
embed-always-allow = Toujours autoriser : { $category }

## Content types: details
field-location = Site
field-hosts = Animation
field-series = Série
field-episode = Épisode
field-recorded = Enregistré le
field-program-kind = Type
field-opens = Ouverture des candidatures
field-remote = Télétravail
field-employment = Contrat
field-as-of = Au
field-when = Quand
field-timezone = Fuseau horaire
field-event-kind = Type
field-attendance = Participer
field-tool-kind = Type
field-released = Publié le
field-authors = Auteurs
attendance-mixed = Sur place ou en ligne
attendance-online = En ligne
related-stories = Récits associés
related-stories-by = Récits
related-labs = Laboratoires
related-tools = Outils et données
related-events = Événements
related-people = Personnes
related-upcoming = Prochaines séances
related-tools-mentioned = Outils cités dans cet épisode
related-open-jobs = D’autres offres ouvertes
related-team-jobs = Autres offres dans cette équipe
related-jobs = Offres ouvertes ici
related-speakers = Intervenants
related-episodes = Épisodes du Forum qui en parlent
related-tools-using = Outils qui s’appuient dessus
calendar-subscribe = S’abonner au calendrier
program-closed = Candidatures closes le { $date }.
program-opens = Candidatures ouvertes à partir du { $date }.
program-open-until = Candidatures ouvertes jusqu’au { $date }.
program-open = Les candidatures sont ouvertes.
program-apply = Candidater
program-deadline = Date limite : { $date }
remote-onsite = Sur site
remote-hybrid = Hybride
remote-remote = À distance
job-closed = Les candidatures pour ce poste sont closes depuis le { $date }. La page reste en ligne pour mémoire.
job-open-until = Candidater avant le { $date }
job-apply = Postuler
event-when-same-day = { $date }, de { $start } à { $end }
event-when-span = Du { $start } au { $end }
event-recurring = Un rendez-vous régulier : voir les prochaines dates ci-dessous.
event-past = Cet événement est terminé.
event-live = En ce moment
event-upcoming = Événement à venir
event-register = S’inscrire
event-join-online = Rejoindre en ligne
event-add-to-calendar = Ajouter au calendrier
event-next-dates = Prochaines dates
tool-kind-dataset = Jeu de données
tool-kind-model = Modèle
tool-kind-sdk = SDK
tool-kind-api = API
tool-kind-code = Code
tool-repository = Code source
tool-version = Version { $version }
cite-this = Citer
cite-download = Télécharger la citation
cite-bibtex = BibTeX
cite-ris = RIS
cite-csl = CSL-JSON
cite-cff = CITATION.cff
status-closed = Clos
status-soon = Bientôt ouvert
status-open = Ouvert
fact-as-of = Au { $date }
fact-now = Aujourd’hui
chart-title = { $title } : évolution
chart-description = De { $from } le { $from_date } à { $to } le { $to_date }.
chart-table = { $title } : les valeurs
chart-date = Date

## Lists and filters
filters = Filtres
filter-tag = Thème
filter-kind = Type
filter-area = Domaine de recherche
filter-license = Licence
filter-team = Équipe
filter-location = Lieu
filter-remote = Télétravail
filter-when = Quand
filter-type = Type
filter-any = Tous
filter-remove = retirer ce filtre
filters-active = Affichage limité à
filters-clear = Effacer tous les filtres
events-upcoming = À venir
events-past = Passés
programs-open = Ouverts et à venir
programs-closed = Clos
region-africa = Afrique
region-americas = Amériques
region-asia = Asie
region-europe = Europe
region-oceania = Océanie
region-other = Ailleurs
feed-all = Flux Atom : { $title }
feed-tag = Flux Atom : { $tag }
list-results = Résultats
list-count = { $count ->
    [0] Rien à afficher
    [one] Un élément
   *[other] { $count } éléments
}
list-empty-title = Rien ne correspond à tous ces filtres
list-empty-text = Retirez un filtre ci-dessus, ou effacez-les tous pour voir toute la liste.
map-title = Carte de nos { $count } sites
map-description = Une carte du monde avec un repère pour chaque site ; les mêmes sites sont listés ci-dessous par région, chacun avec un lien vers sa page.

## Les pages de l’équipe (/admin/)
admin-title = Connexion de l’équipe
admin-nav = Pages de l’équipe
admin-home = Vue d’ensemble
admin-account = Votre compte
admin-accounts = Comptes
admin-audit = Journal d’audit
admin-sign-in = Se connecter
admin-sign-out = Se déconnecter
admin-sign-out-everywhere = Se déconnecter partout
admin-signed-out = Vous êtes déconnecté.
admin-errors = { $count ->
    [one] Il y a un problème
   *[other] Il y a { $count } problèmes
}
admin-sign-in-intro = Connectez-vous pour modifier et publier le site de { $site }.
admin-sign-in-help = Pas encore de mot de passe ? Demandez un lien de connexion à un administrateur.
admin-email = Adresse e-mail
admin-password = Mot de passe
admin-name = Nom
admin-role = Rôle
admin-scope = Limité à
admin-scope-all = Tout le site
admin-state = État
admin-state-active = Actif
admin-state-disabled = Désactivé
admin-actions = Actions
admin-continue = Continuer
admin-sign-in-failed = Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte. Vérifiez-les et réessayez.
admin-sign-in-wait = Trop de tentatives infructueuses. Attendez { $seconds } secondes avant de réessayer ; une clé d’accès ou l’authentification unique fonctionnent toujours en attendant.
admin-sign-in-missing = Saisissez votre adresse e-mail et votre mot de passe.
admin-code-title = Saisissez votre code
admin-code-intro = Ouvrez votre application d’authentification et saisissez le code à six chiffres affiché pour ce site, ou l’un de vos codes de secours.
admin-code = Code
admin-code-help = Six chiffres, ou un code de secours comme abcde-12345.
admin-code-wrong = Ce code n’est pas bon, ou il a déjà servi. Les codes changent toutes les 30 secondes : essayez le code actuel.
admin-code-expired = Le délai pour saisir un code est écoulé. Connectez-vous à nouveau.
admin-link-title = Poursuivre la connexion
admin-link-intro = Ce lien à usage unique vous connecte aux pages de l’équipe de { $site }. Il ne fonctionne qu’une fois.
admin-link-continue = Se connecter
admin-link-invalid-title = Ce lien de connexion ne fonctionne pas
admin-link-invalid = Le lien a expiré, a déjà servi ou a été copié en partie. Demandez-en un nouveau à un administrateur.
admin-role-admin = Administrateur
admin-role-publisher = Éditeur responsable
admin-role-editor = Rédacteur
admin-role-contributor = Contributeur
admin-role-viewer = Lecteur
admin-password-rules = Utilisez au moins { $min } caractères. Quelques mots sans rapport entre eux font un bon mot de passe ; aucune règle sur les chiffres ou les symboles.
admin-password-current = Mot de passe actuel
admin-password-new = Nouveau mot de passe
admin-password-save = Enregistrer le mot de passe
admin-password-saved = Votre mot de passe est enregistré. Vos autres sessions ont été déconnectées.
admin-password-wrong = Le mot de passe actuel n’est pas bon.
admin-password-short = Utilisez au moins { $min } caractères (celui-ci en a { $found }).
admin-password-long = Utilisez au plus { $max } caractères.
admin-password-weak = Ce mot de passe est facile à deviner. Ajoutez des mots, ou choisissez une phrase de passe à vous.
admin-totp-title = Validation en deux étapes
admin-totp-on = La validation en deux étapes est activée : la connexion par mot de passe demande aussi un code de votre application d’authentification.
admin-totp-setup = Ajoutez ce site à une application d’authentification, puis saisissez le code affiché pour activer la validation en deux étapes.
admin-totp-key = Clé de configuration :
admin-totp-open-app = Ouvrir dans une application d’authentification sur cet appareil
admin-totp-qr = Code QR contenant la clé de configuration, pour une application d’authentification
admin-totp-turn-on = Activer
admin-totp-turn-off = Désactiver
admin-totp-enabled = La validation en deux étapes est activée. Conservez les codes de secours ci-dessous en lieu sûr.
admin-totp-disabled = La validation en deux étapes est désactivée.
admin-recovery-title = Vos codes de secours
admin-recovery-text = Chaque code vous connecte une fois si vous perdez votre application d’authentification. Ils ne sont affichés que maintenant : imprimez-les ou gardez-les dans un gestionnaire de mots de passe.
admin-sessions = Où vous êtes connecté
admin-session-browser = Navigateur
admin-session-method = Connexion par
admin-session-started = Depuis
admin-session-seen = Dernière activité
admin-session-this = ce navigateur
admin-session-ended = Cette session est déconnectée.
admin-sessions-ended = Toutes les sessions sont déconnectées, y compris celle-ci.
admin-invite = Inviter quelqu’un
admin-invite-send = Créer le compte et le lien de connexion
admin-sections = Rubriques
admin-sections-help = Des dossiers comme careers/ ou research/labs/, séparés par des espaces. Vide : toutes les rubriques.
admin-locales = Langues
admin-locales-help = Des codes de langue comme fr ou en-GB, séparés par des espaces. Vide : toutes les langues.
admin-link-made = Un lien de connexion pour { $email }
admin-link-share = Envoyez vous-même ce lien à la personne. Il fonctionne une fois, dans les { $hours } heures, et n’est affiché que maintenant.
admin-enable = Activer
admin-disable = Désactiver
admin-delete = Supprimer
admin-new-link = Nouveau lien de connexion
admin-account-exists = Un compte existe déjà avec cette adresse e-mail.
admin-email-invalid = Saisissez une adresse e-mail comme nom@exemple.org.
admin-scope-invalid = { $problem }
admin-changed = Enregistré.
admin-forbidden-title = Action non autorisée
admin-forbidden = Votre rôle ne permet pas cela. Demandez à un administrateur si vous en avez besoin.
admin-csrf-title = Ce formulaire a expiré
admin-csrf = La page est restée ouverte trop longtemps ou votre session a changé. Rien n’a été enregistré : revenez en arrière, rechargez la page et réessayez.
admin-audit-verified = Le journal de { $count } entrées est vérifié : rien n’a été modifié ni supprimé.
admin-audit-broken = Le journal ne se vérifie pas : { $problem }
admin-audit-time = Heure (UTC)
admin-audit-actor = Qui
admin-audit-action = Quoi
admin-audit-subject = Concerne
admin-audit-detail = Détails
admin-passkeys = Clés d’accès
admin-passkeys-intro = Une clé d’accès vous connecte avec le verrouillage d’écran de votre appareil ou une clé de sécurité : aucun mot de passe à saisir, rien à dérober sur ce site.
admin-passkey-name = Nom
admin-passkey-name-help = Pour distinguer vos clés d’accès, par exemple « ordinateur du bureau ».
admin-passkey-add = Ajouter une clé d’accès
admin-passkey-remove = Supprimer
admin-passkey-used = Dernière utilisation
admin-passkey-sign-in = Se connecter avec une clé d’accès
admin-passkey-failed = La clé d’accès n’a pas permis de vous connecter. Réessayez, ou connectez-vous avec votre mot de passe.
admin-passkey-expired = Cela a pris trop de temps. Réessayez.
admin-passkey-added = Votre clé d’accès est ajoutée. Vos autres sessions ont été déconnectées.
admin-passkey-removed = La clé d’accès est supprimée. Vos autres sessions ont été déconnectées.
admin-passkey-needs-js = Ajouter une clé d’accès demande un navigateur avec JavaScript et la prise en charge des clés d’accès.
admin-or = ou
admin-totp-required-title = Validation en deux étapes par rôle
admin-totp-required-help = Les comptes ayant ces rôles doivent activer la validation en deux étapes (ou se connecter avec une clé d’accès) avant toute autre chose :
admin-totp-required-save = Enregistrer
admin-totp-needed = Votre rôle exige la validation en deux étapes. Activez-la ci-dessous, ou ajoutez une clé d’accès, pour continuer.
admin-sso-button = Se connecter avec { $name }
admin-sso-title = Authentification unique
admin-sso-continue = Vous êtes connecté. Suite…
admin-continue = Continuer
admin-sso-again = Retour à la connexion
admin-sso-unavailable = Le service de connexion est injoignable pour le moment. Réessayez dans quelques minutes, ou connectez-vous autrement.
admin-sso-expired = Cette connexion a pris trop de temps ou a été commencée dans un autre navigateur. Recommencez depuis la page de connexion.
admin-sso-refused = Le service de connexion n’a pas confirmé votre identité. Recommencez depuis la page de connexion.
admin-sso-unverified = Votre service de connexion n’a pas vérifié votre adresse e-mail : elle ne peut pas être rapprochée d’un compte ici.
admin-sso-no-account = Il n’y a pas de compte actif pour { $email } ici. Demandez une invitation à un administrateur.
admin-sso-no-role = { $email } n’appartient à aucun groupe ayant un rôle sur ce site. Adressez-vous à un administrateur.
admin-content = Contenus
admin-content-intro = { $count } contenus et traductions. Ouvrez-en un pour le lire ou écrire un brouillon.
admin-content-home = Page d’accueil
admin-content-item = Contenu
admin-content-published = Publié
admin-content-draft = Brouillon
admin-content-missing = Absent
admin-content-back = Tous les contenus
admin-item = Contenu
admin-item-missing = Le contenu { $item } n’existe pas.
admin-item-forbidden = Votre rôle ou votre périmètre ne couvre pas ce contenu. Adressez-vous à un administrateur si nécessaire.
admin-item-edit = Modifier
admin-item-read = Lire
admin-item-text = Le fichier : en-tête et texte
admin-item-text-help = En-tête TOML entre les lignes +++, puis du Markdown. L’enregistrement crée un brouillon ; la page publiée ne change pas.
admin-item-message = Note sur cette modification
admin-item-save = Enregistrer le brouillon
admin-item-saved = Votre brouillon est enregistré.
admin-item-line = Ligne
admin-item-conflict = { $author } a enregistré une version plus récente pendant votre modification. Votre texte est conservé ci-dessous ; reportez-y la version récente et enregistrez de nouveau.
admin-item-newer = La version plus récente, par { $author }
admin-item-newer-help = Copiez-en ce qu’il vous faut dans votre texte ci-dessous.
admin-item-newer-text = La version plus récente (lecture seule)
admin-item-history = Historique
admin-item-revision = Révision
admin-item-author = Auteur
admin-item-when = Date
admin-item-review = Relecture et publication
admin-item-review-in-review = en relecture
admin-item-review-approved = approuvé
admin-item-submit = Soumettre la révision { $revision } à relecture
admin-item-approve = Approuver la révision { $revision }
admin-item-publish = Publier la révision { $revision }
admin-item-submitted = Soumis à relecture.
admin-item-approved = Approuvé : seule cette révision peut maintenant être publiée.
admin-item-published = Publié. Le site l’affiche dans quelques instants.
admin-item-step-refused = Impossible : le contenu a changé depuis l’affichage de la page, ou la révision n’est pas celle qui a été approuvée. Voici le contenu tel qu’il est maintenant.
admin-item-merged = Vos modifications et celles enregistrées entre-temps portaient sur des lignes différentes : les deux sont conservées dans le nouveau brouillon.
admin-item-restored = Le texte de l’ancienne révision est maintenant le dernier brouillon.
admin-item-restore = Restaurer la révision { $revision } comme brouillon
admin-item-changes = Modifications de la révision { $revision }
admin-item-compare = Comparer des révisions
admin-item-compare-intro = Révision { $to } par { $author }, comparée à la révision { $from }.
admin-item-compare-caption = Lignes modifiées entre les révisions { $from } et { $to }
admin-item-compare-missing = Ces révisions ne sont pas des révisions de ce contenu.
admin-item-compare-same = Les deux révisions ont le même texte.
admin-item-change = Ligne
admin-item-added = ajoutée
admin-item-removed = supprimée
admin-item-back = Retour au contenu
admin-item-kept = Le texte que vous avez saisi ici le { $at } (UTC) n’a pas été enregistré.
admin-item-kept-restore = Le remettre dans l’éditeur
admin-item-kept-discard = L’abandonner
admin-item-kept-restored = Votre texte non enregistré est de retour dans l’éditeur. Enregistrez-le pour le garder ; si quelqu’un a enregistré entre-temps, les deux sont fusionnés.
admin-item-local = Ce navigateur a gardé un texte saisi ici qui n’a pas été enregistré.
admin-item-autosaved = Conservé sur le serveur à
admin-item-offline = Pas de connexion : votre texte est gardé dans ce navigateur.
admin-content-section = Rubrique
admin-content-items = Contenus
admin-content-counts = { $drafts } brouillons, { $review } en relecture, { $missing } absents
admin-content-section-count = { $count } contenus ; page { $page } sur { $pages }.
admin-content-pages = Pages de cette rubrique
admin-content-previous = Page précédente
admin-content-next = Page suivante
admin-item-others = Modifient aussi ce contenu (texte non enregistré dans la dernière demi-heure) : { $people }. Un enregistrement n’écrase jamais leur travail : les modifications sur d’autres lignes sont fusionnées, le reste est présenté côte à côte.

## What visitors see: disclosures, events, people, figures
filters-summary =
    { $count ->
        [0] Filtres
        [one] Filtres (1 actif)
       *[other] Filtres ({ $count } actifs)
    }
event-recurring-badge = Récurrent
event-kind-conference-talk = Conférence
event-kind-forum = Forum
event-kind-seminar = Séminaire
event-kind-summer-school = École d’été
event-kind-workshop = Atelier
event-kind-event = Événement

## La médiathèque
admin-media = Médias
admin-media-upload = Téléverser un fichier
admin-media-file = Fichier : JPEG, PNG, GIF, WebP ou PDF, 20 Mio au plus
admin-media-alt = Texte alternatif
admin-media-alt-help = Ce que montre l’image, dans la langue de cette page. Le texte alternatif des autres langues s’ajoute plus bas une fois le fichier téléversé.
admin-media-alt-in = Texte alternatif ({ $locale })
admin-media-decorative = Décorative : elle n’ajoute rien au texte
admin-media-upload-submit = Téléverser
admin-media-files = Fichiers
admin-media-empty = La médiathèque est vide.
admin-media-size = { $width } × { $height } pixels
admin-media-use-as = À utiliser dans le contenu sous la forme
admin-media-missing-alt = Pas encore de texte alternatif en { $locale } : l’image ne peut pas y être utilisée.
admin-media-focal = Point focal (ce que les recadrages gardent)
admin-media-focal-x = En largeur, de 0 à 1
admin-media-focal-y = En hauteur, de 0 à 1
admin-media-save = Enregistrer
admin-media-usage = Utilisé par
admin-media-unused = Aucun élément n’utilise ce fichier.
admin-media-draft = brouillon
admin-media-delete = Supprimer
admin-media-preview = Aperçu de { $name }
admin-media-in-use = { $count ->
        [one] Un élément utilise ce fichier : il ne peut pas être supprimé tant qu’il l’utilise.
       *[other] { $count } éléments utilisent ce fichier : il ne peut pas être supprimé tant qu’ils l’utilisent.
    }
admin-media-done-uploaded = Le fichier a été téléversé.
admin-media-done-existing = Ce fichier était déjà dans la médiathèque.
admin-media-done-saved = Enregistré.
admin-media-done-deleted = Le fichier a été supprimé.
admin-media-no-file = Choisissez un fichier à téléverser.
admin-media-refused = Votre rôle ne permet pas cela dans la médiathèque.
admin-media-bad-focal = Le point focal est fait de deux nombres entre 0 et 1.

## L'éditeur : programmation, commentaires, dépublication et corbeille
admin-content-outdated = À mettre à jour
admin-item-unpublished = Retiré du site. Ses révisions sont conservées ; publiez-le de nouveau en passant par la relecture.
admin-item-scheduled = Programmé. La tâche figure ci-dessous avec son état.
admin-item-cancelled = La tâche est annulée.
admin-item-commented = Votre commentaire est ajouté.
admin-item-untrashed = Sorti de la corbeille. Il n'est pas publié ; publiez-le de nouveau en passant par la relecture.
admin-item-created = Le nouvel élément est enregistré comme brouillon. Il n'apparaît sur le site qu'une fois publié.
admin-item-trashed = L'élément est dans la corbeille, hors du site. Vous pouvez le restaurer d'ici à tout moment.
admin-item-unpublish-refused = Impossible de le retirer du site : d'autres contenus y renvoient encore. Modifiez-les d'abord.
admin-item-unpublish = Dépublier maintenant
admin-item-trash = Mettre à la corbeille
admin-item-remove = Retirer du site
admin-item-remove-help = Dépublier conserve l'élément et son historique dans l'éditeur. La corbeille le masque aussi de l'arborescence ; il peut être restauré.
admin-schedule = Programmer
admin-schedule-what = Action
admin-schedule-publish = Publier la révision approuvée { $revision }
admin-schedule-unpublish = Retirer l'élément du site
admin-schedule-at = Date et heure ({ $zone })
admin-schedule-help = Dans le fuseau horaire du site, { $zone }. L'heure d'été est prise en compte.
admin-schedule-submit = Programmer
admin-schedule-bad-time = « { $value } » n'est pas une date et une heure. Utilisez les champs de date et d'heure, par exemple 2027-03-14 09:30.
admin-schedule-past = { $at } est passé. Choisissez un moment à venir, ou publiez maintenant.
admin-jobs = Tâches programmées
admin-job-what = Tâche
admin-job-when = Moment ({ $zone })
admin-job-by = Programmée par
admin-job-publish = Publier la révision { $revision }
admin-job-unpublish = Dépublier
admin-job-cancel = Annuler la tâche { $job }
admin-job-state-pending = En attente
admin-job-state-late = En retard
admin-job-state-done = Effectuée
admin-job-state-failed = Échouée
admin-job-state-cancelled = Annulée
admin-comments = Commentaires
admin-comments-none = Aucun commentaire pour l'instant.
admin-comment = Commentaire
admin-comment-optional = Commentaire (facultatif)
admin-comment-submit = Ajouter le commentaire
admin-comment-empty = Un commentaire ne peut pas être vide.
admin-comment-step-comment = commentaire
admin-comment-step-submit = à la soumission
admin-comment-step-approve = à l'approbation
admin-comment-step-publish = à la publication
admin-comment-step-unpublish = à la dépublication
admin-comment-step-schedule = à la programmation
admin-trash = Corbeille
admin-trash-intro = Les éléments de la corbeille sont hors du site et de l'arborescence. Restaurer un élément le ramène non publié.
admin-trash-empty = La corbeille est vide.
admin-trash-restore = Restaurer { $item }
admin-trash-when = Mis à la corbeille
admin-item-form-of = Modification sous forme de formulaire ({ $type }).
admin-item-text-mode = Modifier le fichier entier (mode texte)
admin-item-form-mode = Modifier avec le formulaire
admin-item-form-unusable = Ce fichier ne peut pas être modifié avec le formulaire ; utilisez le mode texte.
admin-item-problems-elsewhere = Problèmes dans des parties que ce formulaire n'affiche pas (modifiez-les en mode texte) :
admin-item-body = Texte (Markdown)
admin-item-body-help = Paragraphes, intertitres (##), listes (-), liens [texte](adresse). Enregistrer crée un brouillon ; la page publiée ne change pas.
admin-toolbar = Mise en forme
admin-toolbar-bold = Gras
admin-toolbar-italic = Italique
admin-toolbar-heading = Intertitre
admin-toolbar-list = Liste
admin-toolbar-quote = Citation
admin-toolbar-link = Lien
field-required = obligatoire
field-lines = Un par ligne.
field-example = Par exemple : { $example }
field-title = Titre
field-summary = Résumé
field-description = Description pour les moteurs de recherche
field-menu_title = Titre dans les menus
field-date = Date
field-updated = Mis à jour
field-weight = Ordre
field-tags = Mots-clés
field-slug = Adresse (slug)
admin-new = Nouvel élément
admin-new-type = Type d'élément
admin-new-locale = Langue
admin-new-next = Continuer
admin-new-intro = Un nouvel élément de type { $type } en { $locale }.
admin-new-folder = Emplacement
admin-new-slug = Adresse
admin-new-slug-help = La dernière partie de son adresse web : lettres minuscules, chiffres et traits d'union (capteurs-du-port).
admin-new-create = Créer le brouillon
admin-new-bad-slug = Choisissez un dossier dans la liste et une adresse faite de lettres minuscules, de chiffres et de traits d'union simples.
admin-new-taken = Il existe déjà un élément { $key } dans cette langue, ou un fichier de ce nom.
admin-dash-drafts = Mes brouillons
admin-dash-drafts-none = Aucun brouillon de votre part en attente.
admin-dash-review = En attente de relecture
admin-dash-review-none = Rien n'attend votre relecture.
admin-dash-approved = Approuvés, pas encore publiés
admin-dash-approved-none = Aucun élément approuvé en attente.
admin-dash-scheduled = Programmés ({ $zone })
admin-dash-scheduled-none = Rien n'est programmé.
admin-dash-published = Publiés récemment
admin-dash-published-none = Rien n'a encore été publié depuis l'éditeur.
admin-dash-failed = Tâches échouées
admin-dash-failed-none = Aucune tâche n'a échoué.

# The video's play button behind consent, and the locations map's key.
video-play = Lire la vidéo
embed-play-why = Le lecteur vient de { $vendor } et ne se charge qu’une fois { $category } autorisé. Choisissez « Toujours autoriser » ci-dessous, ou regardez la vidéo sur son site.
map-legend = Légende de la carte
admin-preview = Aperçu
admin-preview-open = Ouvrir l'aperçu de la révision { $revision }
admin-preview-link = Lien d'aperçu pour les relecteurs sans compte (valable jusqu'au { $until })
admin-preview-link-help = Toute personne disposant de ce lien voit cette révision telle que la page apparaîtrait, jusqu'à cette date. Il n'est jamais indexé.
admin-preview-live = Aperçu en direct de ce que vous saisissez
field-image = Image
field-image-src = Fichier : un fichier du site (images/…) ou de la médiathèque (media:…)
field-image-alt = Texte alternatif
field-image-alt-help = Ce que montre l'image, pour les personnes qui ne la voient pas. Une image de la médiathèque a son propre texte alternatif par langue ; laissez vide pour l'utiliser.

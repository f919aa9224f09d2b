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

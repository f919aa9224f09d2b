# Interface strings of the Portico default theme: English (United Kingdom).
# This catalogue only overrides the messages whose British wording differs
# from en.ftl; every other message falls back to en, message by message.

## Content types
kind-program = Programme

## Location kinds
location-kind-data-center = Data centre

## Labels of item details
field-license = Licence

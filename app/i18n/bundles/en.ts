import common from '#locales/en/common.json'
import request from '#locales/en/request.json'
import errors from '#locales/en/errors.json'
import emails from '#locales/en/emails.json'
import officer from '#locales/en/officer.json'
import auth from '#locales/en/auth.json'
import oversight from '#locales/en/oversight.json'
import documents from '#locales/en/documents.json'
import collection from '#locales/en/collection.json'
import controller from '#locales/en/controller.json'

// Every namespace of one language: the browser loads only its page's language.
export default { common, request, errors, emails, officer, auth, oversight, documents, collection, controller }

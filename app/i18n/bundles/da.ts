import common from '#locales/da/common.json'
import request from '#locales/da/request.json'
import errors from '#locales/da/errors.json'
import emails from '#locales/da/emails.json'
import officer from '#locales/da/officer.json'
import auth from '#locales/da/auth.json'
import oversight from '#locales/da/oversight.json'
import documents from '#locales/da/documents.json'
import collection from '#locales/da/collection.json'
import controller from '#locales/da/controller.json'

// Every namespace of one language: the browser loads only its page's language.
export default { common, request, errors, emails, officer, auth, oversight, documents, collection, controller }

<?php
// A shop's payrequest the way many PHP integrations write it: the manual's
// fields, but CURLOPT_POSTFIELDS given the array itself, so curl sends
// multipart/form-data instead of the urlencoded string of payapp_lib.php.
$postdata = array(
    'cmd'       => 'payrequest',
    'userid'    => 'payapptest',
    'goodname'  => '배열 상품',
    'price'     => '1000',
    'recvphone' => '01012345678',
    'smsuse'    => 'n',
);
$ch = curl_init();
curl_setopt($ch, CURLOPT_URL, 'GYEOLJE_BASE/oapi/apiLoad.html');
curl_setopt($ch, CURLOPT_POST, 1);
curl_setopt($ch, CURLOPT_POSTFIELDS, $postdata);
curl_setopt($ch, CURLOPT_TIMEOUT, 30);
curl_setopt($ch, CURLOPT_RETURNTRANSFER, 1);
curl_setopt($ch, CURLINFO_HEADER_OUT, true);
$response_data = curl_exec($ch);
$sent = curl_getinfo($ch, CURLINFO_HEADER_OUT);
curl_close($ch);
$oResData = array();
parse_str($response_data, $oResData);
preg_match('/^Content-Type: (.*)$/mi', $sent, $m);
$oResData['sent_content_type'] = isset($m[1]) ? trim($m[1]) : '';
